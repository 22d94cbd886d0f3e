import Crypto
import Foundation

/// Checks that a push webhook comes from the Git host that knows the shared secret: GitHub's
/// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>` or GitLab's `X-Gitlab-Token:
/// <secret>`. Comparisons take the same time whatever the input, so the secret cannot be
/// guessed byte by byte from response times.
public struct WebhookVerifier: Sendable {
    /// Bodies over this size are refused before they are read in full.
    public static let maximumBodySize = 1 << 20

    private let secret: [UInt8]

    /// Nil when the secret is empty: the endpoint then stays off.
    public init?(secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        self.secret = Array(trimmed.utf8)
    }

    /// Whether the request is signed with the secret. Header names are matched case-insensitively.
    public func isAuthentic(headers: [(name: String, value: String)], body: [UInt8]) -> Bool {
        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        if let signature = header("X-Hub-Signature-256") {
            guard signature.hasPrefix("sha256="), let mac = Self.bytes(hex: String(signature.dropFirst(7))) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: SymmetricKey(data: secret))
        }
        if let token = header("X-Gitlab-Token") {
            return Self.constantTimeEqual(Array(token.utf8), secret)
        }
        return false
    }

    /// Equal bytes, in time that depends only on the lengths.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }

    static func bytes(hex: String) -> [UInt8]? {
        let characters = Array(hex.utf8)
        guard characters.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < characters.count {
            guard let high = nibble(characters[index]), let low = nibble(characters[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
