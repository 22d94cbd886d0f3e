/// An AWS secret found in text, already redacted: the secret itself is never kept.
public struct SecretMatch: Sendable, Hashable, Codable, Comparable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case accessKeyId = "access-key-id"
        case secretAccessKey = "secret-access-key"
        /// The token of temporary credentials (`ASIA…` keys): live until it expires.
        case sessionToken = "session-token"
    }

    public var kind: Kind
    /// For key ids the first four and last four characters, e.g. `AKIA…WXYZ`; for secret
    /// keys nothing of the secret at all (`SecretMatch.secretMask`).
    public var redacted: String
    /// `<location>:<line>`, e.g. `user-data:12`.
    public var location: String
    /// 1-based line within the scanned text.
    public var line: Int

    public init(kind: Kind, redacted: String, location: String, line: Int) {
        self.kind = kind
        self.redacted = redacted
        self.location = location
        self.line = line
    }

    /// What a found secret access key shows: none of its characters, since even a part of a
    /// secret helps whoever has the rest.
    public static let secretMask = "<secret key redacted>"

    /// What a found session token shows: nothing of it.
    public static let tokenMask = "<session token redacted>"

    /// Shows only the first four and last four characters of a key id.
    public static func redact(_ secret: some StringProtocol) -> String {
        guard secret.count > 8 else { return String(repeating: "*", count: secret.count) }
        return "\(secret.prefix(4))…\(secret.suffix(4))"
    }

    /// The inventory's form of this match, for one instance.
    public func finding(instanceId: String, target: Target) -> CredentialFinding {
        CredentialFinding(instanceId: instanceId, target: target, location: location, redactedKeyId: redacted, kind: kind.rawValue)
    }

    public static func < (lhs: SecretMatch, rhs: SecretMatch) -> Bool {
        (lhs.location, lhs.line, lhs.kind.rawValue, lhs.redacted) < (rhs.location, rhs.line, rhs.kind.rawValue, rhs.redacted)
    }
}
