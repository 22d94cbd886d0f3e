import Foundation

/// A remote repository's address, split into the parts rolesync needs: where to connect, which
/// user to log in as, and the secret a URL may carry (`https://user:token@host/…`).
///
/// The secret is taken out at once. libgit2 and the cache clone's configuration only ever see
/// `url` (user kept, password gone), so no error, log line or file holds it; the password is
/// handed to libgit2 through the credential callback instead, like a token from a file.
public struct RemoteAddress: Sendable, Hashable, CustomStringConvertible {
    public enum Transport: String, Sendable, Hashable {
        case ssh, https, http, file, git
    }

    public var transport: Transport
    /// The address without a password (and over HTTP without a user): what is cloned, stored,
    /// hashed and printed.
    public var url: String
    public var user: String?
    public var host: String
    /// The port written in the address, if any.
    public var port: Int?
    /// The password (or token) written in the address, if any.
    public var password: GitSecret?

    public var description: String { url }

    /// The name a known-hosts file lists this host under: `host`, or `[host]:port` off port 22.
    public var knownHostsName: String {
        guard let port, port != 22 else { return host }
        return "[\(host)]:\(port)"
    }

    /// True for an address on this machine: plain `http` may carry credentials only there.
    public var isLoopback: Bool {
        ["localhost", "127.0.0.1", "::1"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    /// Parses `scheme://[user[:password]@]host[:port]/path` and scp-like `user@host:path`.
    /// Returns nil for anything else (a local path).
    public init?(parsing value: String) {
        if let range = value.range(of: "://") {
            let scheme = value[..<range.lowerBound].lowercased()[...]
            guard let transport = Self.transport(scheme: scheme) else { return nil }
            let rest = value[range.upperBound...]
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = rest[..<slash]
            let path = rest[slash...]
            var hostPort = Substring(authority)
            var user: String?
            var password: String?
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                hostPort = authority[authority.index(after: at)...]
                if let colon = userInfo.firstIndex(of: ":") {
                    user = String(userInfo[..<colon])
                    password = String(userInfo[userInfo.index(after: colon)...])
                } else {
                    user = String(userInfo)
                }
            }
            let (host, port) = Self.split(hostPort: hostPort)
            self.transport = transport
            self.user = user.map { $0.removingPercentEncoding ?? $0 }.flatMap { $0.isEmpty ? nil : $0 }
            self.password = password.map { GitSecret($0.removingPercentEncoding ?? $0) }.flatMap { $0.isEmpty ? nil : $0 }
            self.host = host
            self.port = port
            // Over HTTP a user name can itself be a token (`https://TOKEN@github.com/…`): only
            // SSH keeps it in the address, where it is the login and never a secret.
            let userPart = transport == .ssh || transport == .file ? user.map { $0.isEmpty ? "" : "\($0)@" } ?? "" : ""
            self.url = "\(value[..<range.lowerBound])://\(userPart)\(hostPort)\(path)"
        } else if RepositorySource.isSCPLike(value), let colon = value.firstIndex(of: ":"),
                  let at = value.firstIndex(of: "@") {
            transport = .ssh
            user = String(value[..<at])
            host = String(value[value.index(after: at)..<colon])
            port = nil
            password = nil
            url = value
        } else {
            return nil
        }
    }

    private static func transport(scheme: Substring) -> Transport? {
        switch scheme {
        case "ssh", "git+ssh", "ssh+git": .ssh
        case "https": .https
        case "http": .http
        case "file": .file
        case "git": .git
        default: nil
        }
    }

    /// `host`, `host:port`, `[v6]` or `[v6]:port`.
    private static func split(hostPort: Substring) -> (String, Int?) {
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            let host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let rest = hostPort[hostPort.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        if let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...]) {
            return (String(hostPort[..<colon]), port)
        }
        return (String(hostPort), nil)
    }
}
