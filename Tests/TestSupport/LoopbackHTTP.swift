import AsyncHTTPClient
import Foundation
import NIOCore

/// Requests to the control endpoints of servers the tests run on loopback ports (the
/// emulator's reset, the throttling proxy's counters). Awaited through the shared HTTP client,
/// so a slow answer never holds a thread of the concurrency pool.
enum LoopbackHTTP {
    struct Answer: Sendable {
        var status: UInt
        var body: String
    }

    static func send(
        _ method: String, port: Int, path: String, body: String = "", timeout: Duration = .seconds(60)
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method)
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .init(timeout))
        let received = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return Answer(status: response.status.code, body: String(buffer: received))
    }
}
