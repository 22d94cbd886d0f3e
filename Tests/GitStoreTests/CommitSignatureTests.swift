import Foundation
import GitStore
import Testing
import TestSupport

/// `verifyCommitSignature` on commits signed by git itself (`gpg.format=ssh`), and on commit
/// objects rewritten after signing, each in a fresh repository.
@Suite struct CommitSignatureTests {
    static let principal = "alice@example.com"

    @Test(arguments: [SSHKey.KeyType.ed25519, .ecdsa(bits: 256), .rsa(bits: 3072)])
    func aCommitSignedByAListedKeyIsTrusted(_ type: SSHKey.KeyType) async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            let key = try await SSHKey.generate(type, named: "signer", in: directory)
            let signers = try directory.allowedSigners([key.allowedSignersLine(principal: Self.principal)])
            let sha = try await repository.commitSigned(["roles.yaml": "a"], message: "Signed change", key: key)
            // git itself agrees, checking with ssh-keygen against the same file.
            try await repository.git("-c", "gpg.ssh.allowedSignersFile=\(signers.file)", "verify-commit", sha)

            let store = try await GitStore.open(repository, cache: directory.cache)
            let verdict = try await store.verifyCommitSignature("main", allowedSigners: signers)
            #expect(verdict.commit == sha)
            #expect(verdict.outcome == .trusted(principal: Self.principal, keyFingerprint: key.fingerprint))
            #expect(verdict.isTrusted)
            #expect(verdict.description == "commit \(sha) is signed by \(Self.principal) with trusted key \(key.fingerprint)")
        }
    }

    @Test func anUnsignedCommitIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            let sha = try await repository.commit(["roles.yaml": "a"])
            let key = try await SSHKey.generate(.ed25519, named: "signer", in: directory)
            let signers = try directory.allowedSigners([key.allowedSignersLine(principal: Self.principal)])
            let store = try await GitStore.open(repository, cache: directory.cache)
            let verdict = try await store.verifyCommitSignature(sha, allowedSigners: signers)
            #expect(verdict.refusal == .unsigned)
            #expect(verdict.description == "refusing commit \(sha): it is not signed")
        }
    }

    @Test func aCommitSignedByAnUnlistedKeyNamesThatKeysFingerprint() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            let listed = try await SSHKey.generate(.ed25519, named: "listed", in: directory)
            let stranger = try await SSHKey.generate(.ed25519, named: "stranger", in: directory)
            let signers = try directory.allowedSigners([listed.allowedSignersLine(principal: Self.principal)])
            let sha = try await repository.commitSigned([:], message: "Who signed this?", key: stranger)
            let store = try await GitStore.open(repository, cache: directory.cache)
            let verdict = try await store.verifyCommitSignature(sha, allowedSigners: signers)
            #expect(verdict.refusal == .untrustedKey(fingerprint: stranger.fingerprint))
            #expect(verdict.description.contains(sha) && verdict.description.contains(stranger.fingerprint))
        }
    }

    @Test(arguments: [Tamper.message, .tree, .committer])
    func aCommitChangedAfterSigningIsRefused(_ tamper: Tamper) async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            try await repository.commit(["roles.yaml": "old"], message: "Unsigned base")
            let oldTree = try await repository.git("rev-parse", "HEAD^{tree}")
            let key = try await SSHKey.generate(.ed25519, named: "signer", in: directory)
            let signers = try directory.allowedSigners([key.allowedSignersLine(principal: Self.principal)])
            let signed = try await repository.commitSigned(["roles.yaml": "new"], message: "Signed change", key: key)
            let raw = try await repository.rawCommit(signed)
            let forged = try await repository.writeCommitObject(tamper.apply(to: raw, oldTree: oldTree))
            #expect(forged != signed)

            let store = try await GitStore.open(repository, cache: directory.cache)
            #expect(try await store.verifyCommitSignature(signed, allowedSigners: signers).isTrusted)
            let verdict = try await store.verifyCommitSignature(forged, allowedSigners: signers)
            #expect(verdict.refusal == .badSignature)
            #expect(verdict.description.hasPrefix("refusing commit \(forged): "))
        }
    }

    enum Tamper: CaseIterable, Sendable {
        case message, tree, committer

        func apply(to raw: String, oldTree: String) -> String {
            switch self {
            case .message: raw.replacingOccurrences(of: "Signed change", with: "Evil change")
            case .tree: raw.replacing(#/tree [0-9a-f]{40}/#, with: "tree \(oldTree)", maxReplacements: 1)
            case .committer: raw.replacingOccurrences(of: "committer Fixture Author", with: "committer Mallory")
            }
        }
    }

    @Test func aSignatureForAnotherNamespaceIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            let key = try await SSHKey.generate(.ed25519, named: "signer", in: directory)
            let signers = try directory.allowedSigners([key.allowedSignersLine(principal: Self.principal)])
            let unsigned = try await repository.commit(["roles.yaml": "a"], message: "Signed as a file")
            // Sign the exact commit payload, but as `-n file`, and put that in the gpgsig header.
            let raw = try await repository.rawCommit(unsigned)
            let payload = try directory.write(raw, to: "payload")
            let signature = try await key.sign(payload, namespace: "file")
            let forged = try await repository.writeCommitObject(withSignature(signature, in: raw))

            let store = try await GitStore.open(repository, cache: directory.cache)
            let verdict = try await store.verifyCommitSignature(forged, allowedSigners: signers)
            #expect(verdict.refusal == .wrongNamespace(signed: "file", allowed: "git"))
            // The same payload signed for `git` is trusted: only the namespace differs.
            let genuine = try await repository.writeCommitObject(withSignature(try key.sign(payload, namespace: "git"), in: raw))
            #expect(try await store.verifyCommitSignature(genuine, allowedSigners: signers).isTrusted)
        }
    }

    @Test func aPGPSignatureIsNotAnSSHSignature() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            let raw = try await repository.rawCommit(try repository.commit([:], message: "PGP"))
            let pgp = "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n"
            let forged = try await repository.writeCommitObject(withSignature(pgp, in: raw))
            let store = try await GitStore.open(repository, cache: directory.cache)
            let verdict = try await store.verifyCommitSignature(forged, allowedSigners: AllowedSigners(file: "none", signers: []))
            #expect(verdict.refusal == .notSSHSignature)
        }
    }

    @Test func aMissingCommitThrowsNotFound() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            try await repository.commit([:])
            let store = try await GitStore.open(repository, cache: directory.cache)
            let error = try await #require(throws: GitError.self) {
                try await store.verifyCommitSignature("no-such-branch", allowedSigners: AllowedSigners(file: "none", signers: []))
            }
            #expect(error.kind == .notFound)
        }
    }
}

extension TemporaryDirectory {
    /// Writes `lines` as `allowed_signers` here and parses it back.
    func allowedSigners(_ lines: [String]) throws -> AllowedSigners {
        let file = try write(lines.joined(separator: "\n") + "\n", to: "allowed_signers")
        return try AllowedSigners(contentsOf: file, timeZone: TimeZone(identifier: "UTC")!)
    }
}

/// `raw` (a commit object) with a `gpgsig` header holding `signature`, where git puts it:
/// after the other headers, each further line indented by one space.
func withSignature(_ signature: String, in raw: String) -> String {
    let headerEnd = raw.range(of: "\n\n")!
    let lines = signature.trimmingCharacters(in: .newlines).split(separator: "\n", omittingEmptySubsequences: false)
    let header = "gpgsig " + lines.joined(separator: "\n ")
    return String(raw[..<headerEnd.lowerBound]) + "\n" + header + String(raw[headerEnd.lowerBound...])
}
