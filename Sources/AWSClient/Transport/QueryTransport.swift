import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

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
    /// HTTP proxies for AWS requests (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`); none by default.
    public var proxies: ProxySettings
    /// CA certificates trusted instead of the system's (`AWS_CA_BUNDLE`); nil trusts the system's.
    public var caBundle: CABundle?

    public init(
        connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(30),
        requestTimeout: Duration = .seconds(60), maxResponseBytes: Int = 256 << 20,
        userAgent: String = "rolesync", proxies: ProxySettings = ProxySettings(), caBundle: CABundle? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent
        self.proxies = proxies
        self.caBundle = caBundle
    }
}

/// Sends signed Query-protocol (and, beside it, JSON-protocol) POSTs over shared `HTTPClient`s (so connections are reused
/// across calls and services: one direct, one per configured proxy, since AsyncHTTPClient
/// sets a proxy per client) and decodes the XML answers. One attempt per call: retries belong
/// to `RequestPolicy`. Call `shutdown()` once when done.
public final class QueryTransport: Sendable {
    private let httpClient: HTTPClient
    private let proxiedClients: [ProxyServer: HTTPClient]
    private let configuration: TransportConfiguration
    private let metrics: RequestMetrics?
    private let clock: any WallClock
    private let logger: Logger
    private let offset = ClockOffset()

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
        if let caBundle = configuration.caBundle {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(caBundle.certificates)
            httpConfiguration.tlsConfiguration = tls
        }
        self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        var proxiedClients: [ProxyServer: HTTPClient] = [:]
        for server in configuration.proxies.servers {
            var proxied = httpConfiguration
            proxied.proxy = server.clientProxy
            proxiedClients[server] = HTTPClient(eventLoopGroupProvider: .singleton, configuration: proxied)
        }
        self.proxiedClients = proxiedClients
        self.configuration = configuration
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    public func shutdown() async throws {
        for client in proxiedClients.values { try await client.shutdown() }
        try await httpClient.shutdown()
    }

    /// Seconds added to local time when signing: AWS's clock minus ours, as learnt from the
    /// last answer that refused a request's time (0 until then).
    public var clockOffset: TimeInterval { offset.value }

    /// Sends `request` to `endpoint`, signed with `credentials` (nil sends it unsigned, as
    /// `AssumeRoleWithWebIdentity` is), and returns the root element of the answer.
    public func send(
        _ request: QueryRequest, to endpoint: ServiceEndpoint, credentials: AWSCredentials?
    ) async throws -> XMLElementNode {
        let call = OutgoingCall(
            action: request.action, body: Array(request.formBody.utf8),
            headers: [.init("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")])
        return try await send(call, to: endpoint, credentials: credentials) { status, body in
            try ResponseDecoding.decode(status: status, body: body, action: request.action)
        }
    }

    /// One call's wire form, whatever its protocol: the action (for logs and metrics), the
    /// body, and the headers that describe it (signed with the rest).
    struct OutgoingCall {
        var action: String
        var body: [UInt8]
        var headers: [SignableRequest.Header]
    }

    /// Sends `call` and decodes the answer with `decode`, which throws `AWSServiceError` for
    /// an error answer.
    ///
    /// A signed request refused for its time is re-signed once with the offset the answer's
    /// `Date` header gives (see `ClockSkew`); later requests are signed with it at once.
    func send<Decoded>(
        _ call: OutgoingCall, to endpoint: ServiceEndpoint, credentials: AWSCredentials?,
        decode: (Int, Data) throws -> Decoded
    ) async throws -> Decoded {
        let signedOffset = offset.value
        let answer = try await exchange(call, to: endpoint, credentials: credentials, offset: signedOffset)
        do {
            return try decode(answer.status, answer.body)
        } catch let error as AWSServiceError where credentials != nil {
            guard let corrected = ClockSkew.correctedOffset(
                after: error, serverDate: answer.date, receivedAt: answer.receivedAt, signedOffset: signedOffset)
            else { throw error }
            if offset.update(to: corrected) {
                // The offset only: the refused request's signature and keys stay out of logs.
                logger.notice(
                    "AWS refused the request time: local clock is off, signing with an offset from now on",
                    metadata: ["action": "\(call.action)", "offset_seconds": "\(Int(corrected))",
                               "code": "\(error.code)"])
            }
            let retried = try await exchange(call, to: endpoint, credentials: credentials, offset: offset.value)
            return try decode(retried.status, retried.body)
        }
    }

    /// One signed HTTP exchange: status, body, the server's `Date` and when the answer came.
    private func exchange(
        _ call: OutgoingCall, to endpoint: ServiceEndpoint, credentials: AWSCredentials?, offset: TimeInterval
    ) async throws -> Answer {
        await metrics?.record(action: call.action)
        var headers: [SignableRequest.Header] = [.init("Host", endpoint.hostHeader)] + call.headers
        if let credentials {
            let signer = SigV4Signer(
                credentials: credentials, region: endpoint.signingRegion, service: endpoint.service.rawValue)
            let unsigned = SignableRequest(method: "POST", path: endpoint.path, headers: headers, body: call.body)
            headers = signer.sign(unsigned, date: clock.now().addingTimeInterval(offset)).headers
        }

        var httpRequest = HTTPClientRequest(url: endpoint.url.absoluteString)
        httpRequest.method = .POST
        for header in headers { httpRequest.headers.add(name: header.name, value: header.value) }
        httpRequest.headers.add(name: "User-Agent", value: configuration.userAgent)
        httpRequest.body = .bytes(ByteBuffer(bytes: call.body))

        let proxy = configuration.proxies.proxy(for: endpoint.url)
        logger.debug("AWS request", metadata: [
            "action": "\(call.action)", "endpoint": "\(endpoint.url)", "proxy": "\(proxy?.description ?? "none")",
        ])
        return try await execute(httpRequest, action: call.action, proxy: proxy)
    }

    private struct Answer {
        var status: Int
        var body: Data
        var date: Date?
        var receivedAt: Date
    }

    private func execute(_ request: HTTPClientRequest, action: String, proxy: ProxyServer?) async throws -> Answer {
        let client = proxy.flatMap { proxiedClients[$0] } ?? httpClient
        do {
            let response = try await client.execute(request, timeout: TimeAmount(configuration.requestTimeout))
            let receivedAt = clock.now()
            var buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            return Answer(
                status: Int(response.status.code), body: Data(bytes),
                date: response.headers.first(name: "Date").flatMap(ClockSkew.parseHTTPDate), receivedAt: receivedAt)
        } catch {
            throw TransportErrorMapping.map(error, action: action, context: connectionContext(proxy: proxy))
        }
    }
}

extension QueryTransport {
    /// What a connection failure should mention: the proxy (never its password) and the CA
    /// bundle, the two settings that most often explain one.
    func connectionContext(proxy: ProxyServer?) -> String {
        var parts: [String] = []
        if let proxy { parts.append("through proxy \(proxy)") }
        if let caBundle = configuration.caBundle { parts.append("trusting only the CA certificates in \(caBundle.path)") }
        return parts.joined(separator: ", ")
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
