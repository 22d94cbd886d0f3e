import Foundation

extension AllowedSigners {
    /// Whether `armored` is a trusted SSHSIG signature of `message` in `namespace`, at `time`.
    ///
    /// The checks run in `ssh-keygen -Y verify`'s order: the signature's structure, its
    /// namespace, the signature itself (so `untrustedKey` always means a genuine signature by
    /// an unlisted key), then the allowed-signers lines that list the key, with their
    /// `namespaces=` and validity window. `time` is the moment the signature is judged at —
    /// for a commit, its committer time — and never read from a clock here.
    public func verify(signature armored: String, of message: some DataProtocol, namespace: String = "git", at time: Date)
        -> SignatureOutcome
    {
        guard armored.utf8.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
            .starts(with: SSHSignature.beginMarker.utf8)
        else { return .refused(.notSSHSignature) }
        let signature: SSHSignature
        do { signature = try SSHSignature(armored: armored) } catch { return .refused(.malformed(error.message)) }
        return verify(signature, of: message, namespace: namespace, at: time)
    }

    /// Like `verify(signature:of:namespace:at:)`, for a signature already parsed.
    public func verify(_ signature: SSHSignature, of message: some DataProtocol, namespace: String = "git", at time: Date)
        -> SignatureOutcome
    {
        guard signature.namespace == namespace else {
            return .refused(.wrongNamespace(signed: signature.namespace, allowed: namespace))
        }
        if let refusal = signature.refusalOfSignature(over: message) { return .refused(refusal) }
        let fingerprint = signature.publicKey.fingerprint
        let listing = signers.filter { $0.key.blob == signature.publicKey.blob }
        guard let first = listing.first else { return .refused(.untrustedKey(fingerprint: fingerprint)) }
        if let accepting = listing.first(where: { $0.accepts(namespace: namespace, at: time) }) {
            return .trusted(principal: accepting.principals, keyFingerprint: fingerprint)
        }
        // No line accepts: report why the first line listing the key does not.
        if let namespaces = first.namespaces, !PatternList(namespaces).matches(namespace) {
            return .refused(.wrongNamespace(signed: namespace, allowed: namespaces))
        }
        return .refused(.keyNotValidAt(time, fingerprint: fingerprint))
    }
}

extension AllowedSigner {
    /// True when the line's options accept a signature in `namespace` made at `time`
    /// (`valid-after` ≤ time ≤ `valid-before`, as OpenSSH's `check_allowed_keys_line`).
    func accepts(namespace: String, at time: Date) -> Bool {
        if let namespaces, !PatternList(namespaces).matches(namespace) { return false }
        if let validAfter, time < validAfter { return false }
        if let validBefore, time > validBefore { return false }
        return true
    }
}
