import CLibGit2
import Foundation

extension GitStore {
    /// Whether the commit `revision` resolves to carries an SSH signature (git's
    /// `gpg.format=ssh`) by a key `allowedSigners` trusts for namespace `git` at the commit's
    /// committer time — the same question `git verify-commit` asks with
    /// `gpg.ssh.allowedSignersFile`, answered without running git or ssh-keygen.
    ///
    /// Signature problems are answered with a refusal in the verdict; only a failure to read
    /// the repository (no such commit, a corrupt object) throws a `GitError`.
    public func verifyCommitSignature(_ revision: String, allowedSigners: AllowedSigners) throws -> CommitSignatureVerdict {
        var oid = try resolveOID(revision)
        let commit = oid.hex
        let committerTime = try self.committerTime(of: &oid)
        func verdict(_ outcome: SignatureOutcome) -> CommitSignatureVerdict {
            CommitSignatureVerdict(commit: commit, committerTime: committerTime, outcome: outcome)
        }
        var signature = git_buf()
        var signedData = git_buf()
        defer {
            git_buf_dispose(&signature)
            git_buf_dispose(&signedData)
        }
        // libgit2 returns the header's value with its continuation spaces removed, and the
        // commit object without that header: exactly what git passes to ssh-keygen.
        let code = git_commit_extract_signature(&signature, &signedData, repository.pointer, &oid, "gpgsig")
        if code == GIT_ENOTFOUND.rawValue { return verdict(.refused(.unsigned)) }
        try check(code, "read the signature of commit", commit)
        guard signature.size <= SSHSignature.maximumArmoredBytes else {
            return verdict(.refused(.malformed(
                "signature is \(signature.size) bytes, over the limit of \(SSHSignature.maximumArmoredBytes)")))
        }
        let armored = String(decoding: Self.bytes(of: signature), as: UTF8.self)
        let outcome = allowedSigners.verify(
            signature: armored, of: Self.bytes(of: signedData), namespace: "git", at: committerTime)
        return verdict(outcome)
    }

    private func committerTime(of oid: inout git_oid) throws -> Date {
        var object: OpaquePointer?
        try check(git_commit_lookup(&object, repository.pointer, &oid), "read commit", oid.hex)
        defer { git_commit_free(object) }
        return Date(timeIntervalSince1970: TimeInterval(git_commit_time(object)))
    }

    private static func bytes(of buffer: git_buf) -> UnsafeRawBufferPointer {
        guard let pointer = buffer.ptr else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: buffer.size)
    }
}
