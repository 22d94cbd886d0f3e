import Crypto
import Foundation

/// A found secret with what the history scan, baselines and SARIF need besides the redacted
/// match: a fingerprint that names the secret without revealing it, and for key ids the account
/// decoded from the id.
public struct SecretFinding: Sendable, Hashable, Codable {
    public var match: SecretMatch
    /// `sha256:` and 32 hex digits of SHA-256 over a fixed prefix and the secret: the same secret
    /// has the same fingerprint in every file, commit and run, and nothing of the secret can be
    /// read back from it (a secret key has 240 bits of randomness; key ids are not secret).
    public var fingerprint: String
    /// The account the access key id belongs to (`AccessKeyAccount`), when the id carries it.
    public var account: String?

    public init(match: SecretMatch, fingerprint: String, account: String? = nil) {
        self.match = match
        self.fingerprint = fingerprint
        self.account = account
    }

    static func fingerprint(of secret: some StringProtocol) -> String {
        let digest = SHA256.hash(data: Data("rolesync-secret/v1:\(secret)".utf8))
        let hex = Array("0123456789abcdef".utf8)
        var text = Array("sha256:".utf8)
        for byte in digest.prefix(16) { text += [hex[Int(byte >> 4)], hex[Int(byte & 15)]] }
        return String(decoding: text, as: UTF8.self)
    }
}

/// `rolesync:allow <reason>` on a line: its findings are accepted. The reason is required, so
/// every accepted key says why in the code itself; a bare marker accepts nothing.
enum AllowComment {
    static let marker = "rolesync:allow"

    static func allows(_ line: some StringProtocol) -> Bool {
        // A byte search: this runs for every line near a key, and Foundation's `range(of:)`
        // costs more than the rest of the line's scan.
        let bytes = Array(line.utf8)
        guard let found = bytes.firstRange(of: Array(marker.utf8)) else { return false }
        return String(decoding: bytes[found.upperBound...], as: UTF8.self).contains { $0.isLetter || $0.isNumber }
    }

}
