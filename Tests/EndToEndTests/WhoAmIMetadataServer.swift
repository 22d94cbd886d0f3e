import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request the metadata server received: method, path and whether it carried the session token.
struct MetadataRequest: Sendable, Equatable {
    var method: String
    var path: String
    var hadToken: Bool
}

/// The EC2 instance metadata service (IMDSv2) played on a loopback socket, for running the
/// binary as if on an instance: a session token from `PUT /latest/api/token` is required on
/// every `GET` (401 without it), the role list names one role, and the role's path answers
/// with the given credentials in the JSON the real service uses.
///
/// Plain sockets on a thread of its own: this test target links no HTTP server library, and
/// one short request per connection is all the binary's client sends.
final class WhoAmIMetadataServer: @unchecked Sendable {
    static let token = "imds-session-token-e2e"
    static let role = "rolesync-e2e-node"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    let port: Int
    private let listener: Int32
    private let credentialsJSON: String
    private let lock = NSLock()
    private var received: [MetadataRequest] = []
    private var stopped = false

    /// `http://127.0.0.1:PORT`, for `AWS_EC2_METADATA_SERVICE_ENDPOINT`.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Every request so far, in order.
    var requests: [MetadataRequest] { lock.withLock { received } }

    /// Starts serving `credentials` as the instance role's.
    init(credentials: SessionCredentials) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MetadataServerError(reason: "socket() failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound, listen(fd, 16) == 0 else {
            close(fd)
            throw MetadataServerError(reason: "bind/listen failed: errno \(errno)")
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        credentialsJSON = """
            {"Code": "Success", "LastUpdated": "\(ISO8601DateFormatter().string(from: Date()))", "Type": "AWS-HMAC",
             "AccessKeyId": "\(credentials.accessKeyId)", "SecretAccessKey": "\(credentials.secretAccessKey)",
             "Token": "\(credentials.sessionToken)", "Expiration": "\(credentials.expiration)"}
            """
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting: shutting the listening socket down wakes the blocked `accept`, and
    /// the accepting thread closes it on its way out.
    func stop() {
        let wasStopped = lock.withLock { () -> Bool in
            defer { stopped = true }
            return stopped
        }
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                let failure = errno
                if lock.withLock({ stopped }) || failure == EBADF || failure == EINVAL { return }
                continue
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if let request = HTTPRequestHead.read(from: client) {
                let (status, body) = answer(request)
                HTTPRequestHead.respond(to: client, status: status, body: body)
            }
            close(client)
        }
    }

    private func answer(_ request: HTTPRequestHead) -> (Int, String) {
        let hasToken = request.headers["x-aws-ec2-metadata-token"] == Self.token
        lock.withLock { received.append(MetadataRequest(method: request.method, path: request.path, hadToken: hasToken)) }
        if request.path == "/latest/api/token" {
            guard request.method == "PUT", request.headers["x-aws-ec2-metadata-token-ttl-seconds"] != nil else {
                return (400, "")
            }
            return (200, Self.token)
        }
        guard request.method == "GET" else { return (405, "") }
        guard hasToken else { return (401, "") }
        switch request.path {
        case Self.credentialsPath: return (200, Self.role)
        case Self.credentialsPath + Self.role: return (200, credentialsJSON)
        default: return (404, "")
        }
    }
}

struct MetadataServerError: Error, CustomStringConvertible {
    var reason: String
    var description: String { "metadata server: \(reason)" }
}

/// The parts of an HTTP/1.1 request the metadata server looks at, and its answer.
struct HTTPRequestHead {
    var method: String
    var path: String
    /// Header names lowercased.
    var headers: [String: String]

    /// Reads up to the blank line after the headers, then any body its Content-Length announces.
    static func read(from socket: Int32) -> HTTPRequestHead? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            bytes.append(contentsOf: buffer[0..<count])
            headerEnd = bytes.indices.dropLast(3).first { Array(bytes[$0..<$0 + 4]) == separator }
        }
        let lines = String(decoding: bytes[..<headerEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        // Drain a body so the client never sees a reset while still writing.
        var remaining = (Int(headers["content-length"] ?? "0") ?? 0) - (bytes.count - headerEnd! - 4)
        while remaining > 0 {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            remaining -= count
        }
        return HTTPRequestHead(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers)
    }

    #if os(Linux)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let noSignal: Int32 = 0
    #endif

    static func respond(to socket: Int32, status: Int, body: String) {
        let reason = [200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed"]
        let text = "HTTP/1.1 \(status) \(reason[status] ?? "Error")\r\nContent-Type: text/plain\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, noSignal) }
            guard written > 0 else { return }
            sent += written
        }
    }
}
