/// An access key id and the secret key found beside it (with a session token for temporary
/// keys): what `scan --verify` signs a call with. Held in memory only, for as long as the
/// verification takes; its description, debug description and mirror show the key id
/// redacted and nothing of the secret, so no log or `dump` can reveal it.
public struct KeyPair: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let accessKeyId: String
    public let secretAccessKey: String
    public let sessionToken: String?
    /// The fingerprints of the findings this pair verifies.
    public let fingerprints: [String]
    /// The account decoded from the key id, when it carries one.
    public var account: String? { AccessKeyAccount.decode(accessKeyId) }

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        fingerprints = [accessKeyId, secretAccessKey].map(SecretFinding.fingerprint(of:))
            + (sessionToken.map { [SecretFinding.fingerprint(of: $0)] } ?? [])
    }

    public var description: String { "KeyPair(\(SecretMatch.redact(accessKeyId)), \(SecretMatch.secretMask))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["accessKeyId": SecretMatch.redact(accessKeyId)]) }
}

/// Which key id each secret key and session token belongs to: the nearest key id by line in
/// the same document (the earlier one on a tie), as in a credentials file's profile, an
/// `export` block or an SDK constructor call. A secret with no key id in its document pairs
/// with nothing and cannot be verified.
enum KeyPairing {
    struct Result {
        var pairs: [KeyPair]
        /// Account by secret hit, for secrets whose key id carries one.
        var accounts: [SecretHit: String]

        func account(of hit: SecretHit) -> String? {
            hit.kind == .accessKeyId ? AccessKeyAccount.decode(hit.value) : accounts[hit]
        }
    }

    static func pairs(_ hits: [SecretHit]) -> Result {
        var idsByDocument: [String: [SecretHit]] = [:]
        for hit in hits where hit.kind == .accessKeyId { idsByDocument[hit.document, default: []].append(hit) }
        var accounts: [SecretHit: String] = [:]
        var secretsById: [SecretHit: [String]] = [:]
        var tokensById: [SecretHit: String] = [:]
        for hit in hits where hit.kind != .accessKeyId {
            guard let ids = idsByDocument[hit.document],
                let id = ids.min(by: { abs($0.line - hit.line) < abs($1.line - hit.line) })
            else { continue }
            if let account = AccessKeyAccount.decode(id.value) { accounts[hit] = account }
            switch hit.kind {
            case .secretAccessKey: secretsById[id, default: []].append(hit.value)
            case .sessionToken: tokensById[id] = tokensById[id] ?? hit.value
            case .accessKeyId: break
            }
        }
        var seen = Set<KeyPair>()
        var pairs: [KeyPair] = []
        for hit in hits where hit.kind == .accessKeyId {
            for secret in secretsById[hit] ?? [] {
                let pair = KeyPair(accessKeyId: hit.value, secretAccessKey: secret, sessionToken: tokensById[hit])
                if seen.insert(pair).inserted { pairs.append(pair) }
            }
        }
        return Result(pairs: pairs, accounts: accounts)
    }
}
