import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP proxy on 127.0.0.1 that stands between a client and the emulator and
/// misbehaves on schedule: throttles, 5xx answers, dropped connections, cut-off bodies.
///
/// Requests are forwarded with their headers as sent, `Host` included: the client signs for
/// the proxy's address, and the emulator checks the signature against the `Host` it receives,
/// so signatures stay valid through the proxy. Every answer closes its connection.
public final class FaultProxy: Sendable {
    public let port: Int
    public let upstream: String
    public let schedule: FaultSchedule
    private let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    private let serving: Task<Void, any Error>

    /// `http://127.0.0.1:PORT`, the endpoint clients are pointed at.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Every request seen so far with what was done to it.
    public var seen: [FaultProxyEntry] { schedule.seen }

    /// Every request that reached the emulator.
    public var forwarded: [ForwardedRequest] { schedule.forwarded }

    /// Starts a proxy to `upstream` (`http://host:port`) that applies `faults` to the next
    /// requests, then random faults at `rates` (seeded with `seed`), if given.
    /// - Parameter hangTime: how long a hang holds its connection; longer than the client's
    ///   read timeout, or the hang is only a slow answer.
    public static func start(
        upstream: String, faults: [Fault] = [], rates: FaultRates? = nil, seed: UInt64 = 1,
        hangTime: Duration = .seconds(32)
    ) async throws -> FaultProxy {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        guard let port = server.channel.localAddress?.port else { throw FaultProxyError.noPort }
        let schedule = FaultSchedule(faults, rates: rates, seed: seed)
        return FaultProxy(port: port, upstream: upstream, schedule: schedule, hangTime: hangTime, server: server)
    }

    private init(
        port: Int, upstream: String, schedule: FaultSchedule, hangTime: Duration,
        server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    ) {
        self.port = port
        self.upstream = upstream
        self.schedule = schedule
        self.server = server
        let forwarder = FaultForwarder(upstream: upstream, schedule: schedule, hangTime: hangTime)
        serving = Task {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { try? await forwarder.serve(connection) }
                    }
                }
            }
        }
    }

    /// Stops accepting connections and waits for the ones in flight.
    public func stop() async {
        try? await server.channel.close()
        _ = try? await serving.value
    }
}

/// Reads a request, applies the scheduled fault and writes the answer; the client closes the
/// connection once it has the answer.
private struct FaultForwarder: Sendable {
    let upstream: String
    let schedule: FaultSchedule
    let hangTime: Duration

    /// Hop-by-hop headers, and the framing the HTTP client sets itself.
    static let droppedHeaders: Set<String> = ["connection", "content-length", "transfer-encoding", "keep-alive"]

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let received):
                    head = received
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let request = head else { return }
                    head = nil
                    let requestBody = String(buffer: body)
                    let proxied = ProxiedRequest(
                        formBody: requestBody, authorization: request.headers.first(name: "Authorization"),
                        target: request.headers.first(name: "X-Amz-Target"))
                    let fault = schedule.next(for: proxied)
                    // Returning without writing closes the connection unanswered.
                    guard let answer = try await answer(request, body: body, bodyText: requestBody, fault: fault)
                    else { return }
                    try await write(answer, version: request.version, to: outbound)
                    // Keep reading until the client hangs up, as `Connection: close` asks it to:
                    // closing here could drop the answer still queued in the writer.
                }
            }
        }
    }

    private func answer(_ head: HTTPRequestHead, body: ByteBuffer, bodyText: String, fault: Fault) async throws
        -> (status: Int, contentType: String, body: [UInt8])?
    {
        switch fault {
        case .dropConnection:
            return nil
        case .hang:
            try await Task.sleep(for: hangTime)
            return nil
        default:
            break
        }
        if let canned = FaultAnswers.cannedAnswer(for: fault, requestBody: bodyText) {
            return (canned.status, "text/xml", Array(canned.body.utf8))
        }
        let forwarded = try await forward(head, body: body)
        switch fault {
        case .malformedXML:
            return (200, forwarded.contentType, FaultAnswers.truncated(forwarded.body))
        case .reply(let replyFault):
            if replyFault == .hang { try await Task.sleep(for: hangTime) }
            return FaultAnswers.spoiled(forwarded, by: replyFault, requestBody: bodyText)
        default:
            return forwarded
        }
    }

    /// Sends the request on to the emulator with the client's own headers.
    private func forward(_ head: HTTPRequestHead, body: ByteBuffer) async throws
        -> (status: Int, contentType: String, body: [UInt8])
    {
        var request = HTTPClientRequest(url: upstream + head.uri)
        request.method = head.method
        for (name, value) in head.headers where !Self.droppedHeaders.contains(name.lowercased()) {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(body)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(150))
        var answer = try await response.body.collect(upTo: 64 << 20)
        let bytes = answer.readBytes(length: answer.readableBytes) ?? []
        return (Int(response.status.code), response.headers.first(name: "Content-Type") ?? "text/xml", bytes)
    }

    private func write(
        _ answer: (status: Int, contentType: String, body: [UInt8]), version: HTTPVersion,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let headers = HTTPHeaders([
            ("Content-Type", answer.contentType), ("Content-Length", String(answer.body.count)),
            ("Connection", "close"),
        ])
        let status = HTTPResponseStatus(statusCode: answer.status)
        try await outbound.write(.head(HTTPResponseHead(version: version, status: status, headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: answer.body))))
        try await outbound.write(.end(nil))
    }
}

enum FaultProxyError: Error {
    case noPort
}
