import NIOCore
import NIOPosix

/// A TCP server on loopback that accepts connections and never answers: what a hung
/// endpoint looks like to the transport.
struct SilentServer {
    let channel: any Channel
    let port: Int

    static func start() async throws -> SilentServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 8)
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ChannelError.inappropriateOperationForState }
        return SilentServer(channel: channel, port: port)
    }

    func stop() async {
        try? await channel.close()
    }
}
