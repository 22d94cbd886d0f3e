import Crypto
import Foundation

/// An OpenSSH known-hosts file (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"): which key each host
/// must present. Plain and hashed (`|1|salt|hash`) host names, `[host]:port`, wildcards,
/// negations and `@revoked` are understood; `@cert-authority` lines are skipped, since libgit2
/// hands over a plain host key and no certificate.
public struct KnownHosts: Sendable {
    /// One usable line of the file.
    struct Entry: Sendable {
        var line: Int
        var patterns: [String]
        var revoked: Bool
        var keyType: String
        var key: [UInt8]
    }

    /// What the file says about a host and the key it offered.
    public enum Verdict: Sendable, Equatable {
        case trusted(line: Int)
        /// The file lists the host with other keys: the key changed, or is of a type not listed.
        case mismatch(lines: [Int])
        case revoked(line: Int)
        case unknown
    }

    /// A file larger than this is refused instead of read.
    public static let maximumSize = 4 * 1024 * 1024

    public let path: String
    let entries: [Entry]

    init(path: String, text: String) {
        self.path = path
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            var revoked = false
            if first.hasPrefix("@") {
                guard first == "@revoked" else { continue }
                revoked = true
                fields.removeFirst()
            }
            guard fields.count >= 3, let key = Data(base64Encoded: fields[2]) else { continue }
            entries.append(Entry(
                line: index + 1, patterns: fields[0].split(separator: ",").map(String.init),
                revoked: revoked, keyType: fields[1], key: Array(key)))
        }
        self.entries = entries
    }

    /// Reads the file; a missing, unreadable or oversized file is an error naming it.
    public static func load(_ path: String) throws -> KnownHosts {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes, let data = FileManager.default.contents(atPath: path) else {
            throw KnownHostsError(path: path, message: "cannot read the known-hosts file")
        }
        if let size = attributes[.size] as? Int, size > maximumSize {
            throw KnownHostsError(path: path, message: "the known-hosts file is \(size) bytes, over the \(maximumSize)-byte limit")
        }
        return KnownHosts(path: path, text: String(decoding: data, as: UTF8.self))
    }

    /// The verdict for `host` (as `KnownHosts` names it: `host` or `[host]:port`) offering `key`,
    /// the SSH wire encoding of its public key.
    public func verdict(host: String, key: [UInt8]) -> Verdict {
        let matching = entries.filter { Self.matches(host: host, patterns: $0.patterns) }
        if let revoked = matching.first(where: { $0.revoked && $0.key == key }) { return .revoked(line: revoked.line) }
        let listed = matching.filter { !$0.revoked }
        if let entry = listed.first(where: { $0.key == key }) { return .trusted(line: entry.line) }
        return listed.isEmpty ? .unknown : .mismatch(lines: listed.map(\.line))
    }

    /// OpenSSH's rule: a negated pattern that matches rules the line out; otherwise any match counts.
    static func matches(host: String, patterns: [String]) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if wildcard(String(pattern.dropFirst()), matches: host) { return false }
            } else if pattern.hasPrefix("|1|") {
                matched = matched || hashedName(pattern, matches: host)
            } else if wildcard(pattern, matches: host) {
                matched = true
            }
        }
        return matched
    }

    /// `|1|base64(salt)|base64(HMAC-SHA1(salt, host))`, as `ssh-keygen -H` writes.
    static func hashedName(_ pattern: String, matches host: String) -> Bool {
        let parts = pattern.split(separator: "|", omittingEmptySubsequences: true)
        guard parts.count == 3, let salt = Data(base64Encoded: String(parts[1])),
              let expected = Data(base64Encoded: String(parts[2])) else { return false }
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(host.utf8), using: SymmetricKey(data: salt))
        return Data(code) == expected
    }

    /// `*` and `?` wildcards, case-insensitive as host names are.
    static func wildcard(_ pattern: String, matches text: String) -> Bool {
        let pattern = Array(pattern.lowercased()), text = Array(text.lowercased())
        var p = 0, t = 0, star: Int?, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; resume = t; p += 1
            } else if let star {
                p = star + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// OpenSSH's fingerprint of a public key: `SHA256:` and the unpadded base64 of its digest.
    public static func fingerprint(of key: [UInt8]) -> String {
        let digest = Data(SHA256.hash(data: key)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    /// The key type named at the start of a key's wire encoding (`ssh-ed25519`).
    public static func keyType(of key: [UInt8]) -> String {
        guard key.count >= 4 else { return "unknown" }
        let length = key[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, length <= key.count - 4 else { return "unknown" }
        return String(decoding: key[4..<(4 + length)], as: UTF8.self)
    }
}

/// A known-hosts file that cannot be used.
public struct KnownHostsError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
