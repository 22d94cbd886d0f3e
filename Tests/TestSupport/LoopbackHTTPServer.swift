import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request as the loopback server saw it.
public struct LoopbackRequest: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var headers: HTTPHeaders
    public var body: String
}

/// What the loopback server answers.
public struct LoopbackResponse: Sendable {
    public var status: HTTPResponseStatus
    public var body: String
    public var headers: [(String, String)] = []
    /// How long the server holds the answer back, to keep clients waiting on it.
    public var delay: TimeAmount = .zero

    public init(_ status: HTTPResponseStatus = .ok, body: String = "", headers: [(String, String)] = [], delay: TimeAmount = .zero) {
        self.status = status
        self.body = body
        self.headers = headers
        self.delay = delay
    }
}

/// A real HTTP/1.1 server on 127.0.0.1 with an ephemeral port, answering with `respond` and
/// recording every request: the metadata and credentials endpoints the clients are tested
/// against, in the AWS client tests and in front of the built binary. It runs on NIO's event
/// loops, so it answers while tests wait, however busy the concurrency pool is.
public final class LoopbackHTTPServer: Sendable {
    public let port: Int
    private let channel: any Channel
    private let log: LoopbackRequestLog

    public let host: String
    public var baseURL: String { host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)" }

    /// Every request received so far, in order.
    public var requests: [LoopbackRequest] { log.all }

    private init(channel: any Channel, host: String, port: Int, log: LoopbackRequestLog) {
        self.channel = channel
        self.host = host
        self.port = port
        self.log = log
    }

    /// - Parameter host: `127.0.0.1`, or `::1` for IPv6 loopback.
    public static func start(
        host: String = "127.0.0.1", respond: @escaping @Sendable (LoopbackRequest) -> LoopbackResponse
    ) async throws -> LoopbackHTTPServer {
        let log = LoopbackRequestLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        LoopbackRequestHandler(log: log, respond: respond))
                }
            }
            .bind(host: host, port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            throw LoopbackServerError.noPort
        }
        return LoopbackHTTPServer(channel: channel, host: host, port: port, log: log)
    }

    /// Requests whose path is `path`.
    public func requests(to path: String) -> [LoopbackRequest] {
        requests.filter { $0.path == path }
    }

    public func stop() async throws {
        try await channel.close()
    }
}

public enum LoopbackServerError: Error {
    case noPort
}

/// The requests a server received, shared between its connections.
public final class LoopbackRequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [LoopbackRequest] = []

    public init() {}

    public func append(_ request: LoopbackRequest) {
        lock.withLock { requests.append(request) }
    }

    public var all: [LoopbackRequest] { lock.withLock { requests } }
}

/// Collects one request at a time and writes the answer, closing the connection after it.
private final class LoopbackRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: LoopbackRequestLog
    private let respond: @Sendable (LoopbackRequest) -> LoopbackResponse
    private var head: HTTPRequestHead?
    private var body = ""

    init(log: LoopbackRequestLog, respond: @escaping @Sendable (LoopbackRequest) -> LoopbackResponse) {
        self.log = log
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = ""
        case .body(let buffer):
            body += String(buffer: buffer)
        case .end:
            guard let head else { return }
            let request = LoopbackRequest(method: head.method, path: head.uri, headers: head.headers, body: body)
            log.append(request)
            let response = respond(request)
            self.head = nil
            guard response.delay > .zero else { return write(response, version: head.version, context: context) }
            let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            let boundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: response.delay) {
                boundSelf.value.write(response, version: head.version, context: boundContext.value)
            }
        }
    }

    private func write(_ response: LoopbackResponse, version: HTTPVersion, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.utf8.count))
        headers.replaceOrAdd(name: "Connection", value: "close")
        let responseHead = HTTPResponseHead(version: version, status: response.status, headers: headers)
        context.write(Self.wrapOutboundOut(.head(responseHead)), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: response.body)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
