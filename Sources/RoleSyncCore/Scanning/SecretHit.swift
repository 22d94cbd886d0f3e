/// One secret as the scanner found it, value included. Internal to the scanner: what leaves
/// it is a redacted `SecretFinding`, or a `KeyPair` that never prints its secret.
struct SecretHit: Sendable, Hashable {
    var kind: SecretMatch.Kind
    var value: String
    /// The label of the document (file, blob path, user-data part) it was found in.
    var document: String
    var line: Int

    var fingerprint: String { SecretFinding.fingerprint(of: value) }

    /// The redacted finding; `account` is the key id's own for key ids, and for secret keys and
    /// session tokens the account of the key id they pair with.
    func finding(account: String?) -> SecretFinding {
        let redacted = switch kind {
        case .accessKeyId: SecretMatch.redact(value)
        case .secretAccessKey: SecretMatch.secretMask
        case .sessionToken: SecretMatch.tokenMask
        }
        return SecretFinding(
            match: SecretMatch(kind: kind, redacted: redacted, location: "\(document):\(line)", line: line),
            fingerprint: fingerprint, account: account)
    }
}
