import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP server that answers each request with the next canned (status, body) and
/// records what it received: for the behaviour the emulator cannot show, such as IAM's
/// `Marker` pagination, which the emulator never uses.
final class CannedQueryServer: @unchecked Sendable {
    struct Received: Sendable {
        var headers: [String: String]
        var body: String
    }

    private let lock = NSLock()
    private var answers: [(Int, String)]
    private var received: [Received] = []
    private var channel: (any Channel)?
    private(set) var port = 0

    init(answers: [(status: Int, body: String)]) {
        self.answers = answers.map { ($0.status, $0.body) }
    }

    var requests: [Received] { lock.withLock { received } }

    func start() async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(server: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.channel = channel
        port = channel.localAddress?.port ?? 0
    }

    func stop() async {
        try? await channel?.close()
    }

    fileprivate func answer(headers: [String: String], body: String) -> (Int, String) {
        lock.withLock {
            received.append(Received(headers: headers, body: body))
            return answers.isEmpty ? (500, "no more canned answers") : answers.removeFirst()
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let server: CannedQueryServer
        var headers: [String: String] = [:]
        var body: [UInt8] = []

        init(server: CannedQueryServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                headers = Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }) { first, _ in first }
                body = []
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                let (status, text) = server.answer(headers: headers, body: String(decoding: body, as: UTF8.self))
                var responseHeaders = HTTPHeaders()
                responseHeaders.add(name: "Content-Type", value: "text/xml")
                responseHeaders.add(name: "Content-Length", value: String(text.utf8.count))
                let head = HTTPResponseHead(
                    version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: responseHeaders)
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
