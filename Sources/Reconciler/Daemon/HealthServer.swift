import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// Serves `HealthRoutes` over HTTP/1.1 on the listen address, as a service: it binds, tells
/// `onBound` the address it got (port 0 asks the system for a free one), and serves until a
/// graceful shutdown closes the listening socket. Each connection gets one answer and is
/// closed: scrapers and probes reconnect cheaply, and no idle connection holds a shutdown up.
///
/// Every connection is bounded by `limits` (see `HealthServerLimits` for why): it is closed
/// `requestTimeout` after it was accepted, a request head or body over its limit is refused
/// before it is buffered, and connections beyond `maxConnections` are closed as they arrive.
public struct HealthServer: Service {
    public var address: ListenAddress
    public var routes: HealthRoutes
    public var limits: HealthServerLimits
    public var onBound: @Sendable (ListenAddress) -> Void
    public var logger: Logger

    public init(
        address: ListenAddress, routes: HealthRoutes, limits: HealthServerLimits = .default,
        onBound: @escaping @Sendable (ListenAddress) -> Void = { _ in },
        logger: Logger = Logger(label: "rolesync.daemon.http")
    ) {
        self.address = address
        self.routes = routes
        self.limits = limits
        self.onBound = onBound
        self.logger = logger
    }

    public func run() async throws {
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        let limits = self.limits
        let slots = ConnectionSlots(capacity: limits.maxConnections)
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: Int32(clamping: limits.backlog))
                // Accept a few connections per wake-up, so a flood cannot starve the other work
                // on the event loop, and each is checked against the slots before the next.
                .serverChannelOption(.maxMessagesPerRead, value: 16)
                .bind(host: address.host, port: address.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try Self.configure(channel, limits: limits, slots: slots)
                    }
                }
        } catch {
            throw CannotListen(address: address, cause: error)
        }
        let port = server.channel.localAddress?.port ?? address.port
        onBound(ListenAddress(host: address.host, port: port))
        let listener = server.channel
        let routes = self.routes
        let logger = self.logger
        // Every accepted connection must be served or closed through `executeThenClose`: NIO
        // traps when one still buffered in the accept stream is dropped, as a cancelled loop
        // would. So the accept loop is not cancelled: it runs to the end of the stream, which
        // closing the listener brings about, and each connection ends by its deadline.
        let accepting = Task {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await Self.serve(connection, routes: routes, logger: logger) }
                    }
                }
            }
        }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await accepting.value
            } onGracefulShutdown: {
                listener.close(promise: nil)
            }
        } onCancel: {
            listener.close(promise: nil)
        }
    }

    /// Bounds a new connection: a slot, a deadline, the size guard, then the HTTP pipeline.
    /// Throwing closes the connection before any byte of it is read.
    static func configure(
        _ channel: any Channel, limits: HealthServerLimits, slots: ConnectionSlots
    ) throws -> NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart> {
        guard slots.take(for: channel) else {
            channel.close(promise: nil)
            throw HealthServerFull()
        }
        let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(limits.requestTimeout)) {
            channel.close(promise: nil)
        }
        channel.closeFuture.whenComplete { _ in deadline.cancel() }
        let sizeGuard = RequestSizeGuard(maxHeaderBytes: limits.maxHeaderBytes, maxBodyBytes: limits.maxBodyBytes)
        try channel.pipeline.syncOperations.addHandler(sizeGuard)
        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
    }

    /// Reads one request, writes its answer and closes the connection.
    static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, routes: HealthRoutes, logger: Logger
    ) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var request: HTTPRequestHead?
                // Only a POST (the push webhook) has a body worth keeping; the size guard has
                // bounded it already.
                var body: [UInt8] = []
                for try await part in inbound {
                    switch part {
                    case .head(let head): request = head
                    case .body(let buffer):
                        if request?.method == .POST { body += buffer.readableBytesView }
                    case .end:
                        guard let request else { return }
                        let answer = await routes.answer(
                            method: request.method.rawValue, uri: request.uri,
                            headers: request.headers.map { (name: $0.name, value: $0.value) }, body: body)
                        try await write(answer, version: request.version, bodyless: request.method == .HEAD, to: outbound)
                        return
                    }
                }
            }
        } catch {
            logger.debug("health connection ended with an error", metadata: ["error": "\(error)"])
        }
    }

    private static func write(
        _ answer: HTTPAnswer, version: HTTPVersion, bodyless: Bool, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let body = ByteBuffer(string: answer.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
        try await outbound.write(.head(head))
        if !bodyless { try await outbound.write(.body(.byteBuffer(body))) }
        try await outbound.write(.end(nil))
    }
}

/// The listen address could not be bound (taken, not local, not resolvable).
public struct CannotListen: Error, CustomStringConvertible {
    public var address: ListenAddress
    public var cause: any Error

    public var description: String { "cannot listen on \(address): \(cause)" }
}
