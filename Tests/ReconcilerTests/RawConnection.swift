import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP client on loopback, for what URLSession will not do: trickle a request,
/// send an oversized head, hold a connection open doing nothing.
final class RawConnection {
    private let descriptor: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw RawConnectionError(operation: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw RawConnectionError(operation: "connect", code: code)
        }
    }

    deinit { close(descriptor) }

    /// Sends `text`; false when the server has already closed the connection.
    @discardableResult
    func write(_ text: String) -> Bool {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)  // a closed peer is an answer here, not a signal
        #else
        let flags: Int32 = 0
        #endif
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, flags) } == bytes.count
    }

    /// Everything the server sends until it closes the connection; nil when it is still open
    /// at `deadline`. Polls without blocking and sleeps in between: the server under test
    /// answers on the same cooperative pool, which a blocking wait could starve.
    func readUntilClosed(deadline: ContinuousClock.Instant) async -> String? {
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0 else {
                try? await Task.sleep(for: .milliseconds(2))
                continue
            }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return String(decoding: received, as: UTF8.self) }
            received += buffer[0..<count]
        }
        return nil
    }

    /// The status code of the answer read until the server closed the connection.
    func status(within timeout: Duration = .seconds(5)) async -> Int? {
        guard let answer = await readUntilClosed(deadline: .now + timeout) else { return nil }
        let parts = answer.split(separator: " ", maxSplits: 2)
        return parts.count >= 2 ? Int(parts[1]) : nil
    }
}

struct RawConnectionError: Error {
    var operation: String
    var code: Int32
}

/// Open descriptors of this process, from `/proc/self/fd` (Linux); nil elsewhere.
func openDescriptorCount() -> Int? {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).map(\.count)
}
