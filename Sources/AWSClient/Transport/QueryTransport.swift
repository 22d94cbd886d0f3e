import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Timeouts and limits of the HTTP layer.
public struct TransportConfiguration: Sendable, Equatable {
    /// Time to establish a TCP (and TLS) connection.
    public var connectTimeout: Duration
    /// Longest silence while reading an answer.
    public var readTimeout: Duration
    /// Deadline for one whole request, answer included.
    public var requestTimeout: Duration
    /// Bigger answers are refused rather than buffered (a 1000-instance page is a few MB).
    public var maxResponseBytes: Int
    public var userAgent: String

    public init(
        connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(30),
        requestTimeout: Duration = .seconds(60), maxResponseBytes: Int = 256 << 20,
        userAgent: String = "rolesync"
    ) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent
    }
}

/// Sends signed Query-protocol POSTs over one shared `HTTPClient` (so connections are
/// reused across calls and services) and decodes the XML answers. One attempt per call:
/// retries belong to `RequestPolicy`. Call `shutdown()` once when done.
public final class QueryTransport: Sendable {
    private let httpClient: HTTPClient
    private let configuration: TransportConfiguration
    private let metrics: RequestMetrics?
    private let clock: any WallClock
    private let logger: Logger

    public init(
        configuration: TransportConfiguration = .init(), metrics: RequestMetrics? = nil,
        clock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "rolesync.aws")
    ) {
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.timeout = .init(
            connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.readTimeout))
        httpConfiguration.decompression = .disabled
        // RequestPolicy retries connection failures with backoff and a retry quota; letting
        // AsyncHTTPClient also retry until the connect timeout would turn one refused
        // connection into minutes of waiting.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        // AWS APIs never redirect; following one would resend the signed session token and body.
        httpConfiguration.redirectConfiguration = .disallow
        self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        self.configuration = configuration
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    public func shutdown() async throws {
        try await httpClient.shutdown()
    }

    /// Sends `request` to `endpoint`, signed with `credentials` (nil sends it unsigned, as
    /// `AssumeRoleWithWebIdentity` is), and returns the root element of the answer.
    public func send(
        _ request: QueryRequest, to endpoint: ServiceEndpoint, credentials: AWSCredentials?
    ) async throws -> XMLElementNode {
        await metrics?.record(action: request.action)
        let body = Array(request.formBody.utf8)
        var headers: [SignableRequest.Header] = [
            .init("Host", endpoint.hostHeader),
            .init("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        ]
        if let credentials {
            let signer = SigV4Signer(
                credentials: credentials, region: endpoint.signingRegion, service: endpoint.service.rawValue)
            let unsigned = SignableRequest(method: "POST", path: endpoint.path, headers: headers, body: body)
            headers = signer.sign(unsigned, date: clock.now()).headers
        }

        var httpRequest = HTTPClientRequest(url: endpoint.url.absoluteString)
        httpRequest.method = .POST
        for header in headers { httpRequest.headers.add(name: header.name, value: header.value) }
        httpRequest.headers.add(name: "User-Agent", value: configuration.userAgent)
        httpRequest.body = .bytes(ByteBuffer(bytes: body))

        logger.debug("AWS request", metadata: ["action": "\(request.action)", "endpoint": "\(endpoint.url)"])
        let (status, responseBody) = try await execute(httpRequest, action: request.action)
        return try ResponseDecoding.decode(status: status, body: responseBody, action: request.action)
    }

    private func execute(_ request: HTTPClientRequest, action: String) async throws -> (Int, Data) {
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(configuration.requestTimeout))
            var buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            return (Int(response.status.code), Data(bytes))
        } catch {
            throw TransportErrorMapping.map(error, action: action)
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
