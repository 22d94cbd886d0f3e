import Foundation

/// Whether a signature is one the operator trusts: a value, so a caller can record, print or
/// test it without catching anything. Anything but `.trusted` means "do not act on this".
public enum SignatureOutcome: Sendable, Hashable {
    /// A valid signature by a key on an allowed-signers line that accepts it.
    /// `principal` is that line's principals field as written.
    case trusted(principal: String, keyFingerprint: String)
    case refused(SignatureRefusal)
}

/// Why a signature is not trusted. Each is terminal for that commit: the same commit gets
/// the same answer until the allowed-signers file changes.
public enum SignatureRefusal: Sendable, Hashable, CustomStringConvertible {
    /// The commit carries no signature.
    case unsigned
    /// A signature of another kind, such as OpenPGP or X.509 (`gpg.format` is not `ssh`).
    case notSSHSignature
    /// The signature's structure is broken, or uses an algorithm SSHSIG does not allow.
    case malformed(String)
    /// The signature does not match the signed data: the commit changed after signing, or
    /// the signature was not made by the key it names.
    case badSignature
    /// A genuine signature by a key that no allowed-signers line lists.
    case untrustedKey(fingerprint: String)
    /// The signature was made for namespace `signed`, but only `allowed` (a pattern list:
    /// `git`, or the key's `namespaces=` option) is accepted.
    case wrongNamespace(signed: String, allowed: String)
    /// The key is listed, but its `valid-after`/`valid-before` window excludes `time` (the
    /// committer time, which is what `git verify-commit` checks too).
    case keyNotValidAt(Date, fingerprint: String)
    /// A key type rolesync cannot verify (DSA, security keys, certificates, RSA under 2048 bits).
    case unsupportedKeyType(String)

    public var description: String {
        switch self {
        case .unsigned: "it is not signed"
        case .notSSHSignature: "its signature is not an SSH signature (gpg.format=ssh)"
        case .malformed(let reason): "its signature is malformed: \(reason)"
        case .badSignature: "its signature does not verify: the commit was changed after signing, or the signature is forged"
        case .untrustedKey(let fingerprint): "it is signed by key \(fingerprint), which the allowed signers do not list"
        case let .wrongNamespace(signed, allowed):
            "it is signed for namespace '\(quoted(signed))', but only '\(quoted(allowed))' is accepted"
        case let .keyNotValidAt(time, fingerprint):
            "key \(fingerprint) is listed but not valid at \(time.formatted(.iso8601))"
        case .unsupportedKeyType(let type): "its key type is not supported: \(type)"
        }
    }
}

/// What `GitStore.verifyCommitSignature` concluded about one commit.
public struct CommitSignatureVerdict: Sendable, Hashable, CustomStringConvertible {
    /// The commit's full id.
    public var commit: String
    /// The committer time, against which key validity was checked.
    public var committerTime: Date
    public var outcome: SignatureOutcome

    public init(commit: String, committerTime: Date, outcome: SignatureOutcome) {
        self.commit = commit
        self.committerTime = committerTime
        self.outcome = outcome
    }

    public var isTrusted: Bool {
        if case .trusted = outcome { return true }
        return false
    }

    /// The refusal, or nil when the commit is trusted.
    public var refusal: SignatureRefusal? {
        if case .refused(let refusal) = outcome { return refusal }
        return nil
    }

    public var description: String {
        switch outcome {
        case let .trusted(principal, fingerprint):
            "commit \(commit) is signed by \(quoted(principal)) with trusted key \(fingerprint)"
        case .refused(let refusal):
            "refusing commit \(commit): \(refusal)"
        }
    }
}
