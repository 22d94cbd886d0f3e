import Foundation
import GitStore
import Testing
import TestSupport

/// The allowed-signers options that restrict a listed key, judged against the commit's
/// committer time and the `git` namespace, and the key types that are refused outright.
@Suite struct CommitSignatureOptionsTests {
    /// 2026-01-01T00:00:00Z, as git reads it.
    static let committed = "@1767225600 +0000"
    static let committedDate = Date(timeIntervalSince1970: 1_767_225_600)

    /// A repository with one commit signed by a fresh Ed25519 key at `committed`, and a store on it.
    static func signedCommit(
        in directory: TemporaryDirectory, options: String?
    ) async throws -> (store: GitStore, sha: String, key: SSHKey, signers: AllowedSigners) {
        let repository = try await GitFixture.create("work", in: directory)
        let key = try await SSHKey.generate(.ed25519, named: "signer", in: directory)
        let signers = try directory.allowedSigners([key.allowedSignersLine(principal: "alice@example.com", options: options)])
        let sha = try await repository.commitSigned([:], message: "Signed", key: key, committerDate: committed)
        return (try await GitStore.open(repository, cache: directory.cache), sha, key, signers)
    }

    @Test(arguments: [
        "valid-before=\"20200101Z\"",
        "valid-after=\"20260101000001Z\"",
        "valid-after=\"20250101\",valid-before=\"20251231235959\"",
    ])
    func aKeyOutsideItsValidityWindowIsRefused(_ options: String) async throws {
        try await withTemporaryDirectory { directory in
            let (store, sha, key, signers) = try await Self.signedCommit(in: directory, options: options)
            let verdict = try await store.verifyCommitSignature(sha, allowedSigners: signers)
            #expect(verdict.committerTime == Self.committedDate)
            #expect(verdict.refusal == .keyNotValidAt(Self.committedDate, fingerprint: key.fingerprint))
            #expect(verdict.description == "refusing commit \(sha): key \(key.fingerprint) is listed but not valid at 2026-01-01T00:00:00Z")
        }
    }

    @Test(arguments: [
        "valid-after=\"20250101Z\",valid-before=\"20270101Z\"",
        "valid-after=\"20260101000000Z\"",
        "valid-before=\"202601010000Z\"",
        "namespaces=\"file,g?t\"",
    ])
    func aKeyWhoseOptionsAcceptTheCommitIsTrusted(_ options: String) async throws {
        try await withTemporaryDirectory { directory in
            let (store, sha, key, signers) = try await Self.signedCommit(in: directory, options: options)
            let verdict = try await store.verifyCommitSignature(sha, allowedSigners: signers)
            #expect(verdict.outcome == .trusted(principal: "alice@example.com", keyFingerprint: key.fingerprint))
        }
    }

    @Test func aKeyListedOnlyForOtherNamespacesIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let (store, sha, _, signers) = try await Self.signedCommit(in: directory, options: "namespaces=\"file,!git\"")
            let verdict = try await store.verifyCommitSignature(sha, allowedSigners: signers)
            #expect(verdict.refusal == .wrongNamespace(signed: "git", allowed: "file,!git"))
        }
    }

    @Test func aLaterLineForTheSameKeyCanStillAcceptIt() async throws {
        try await withTemporaryDirectory { directory in
            let (store, sha, key, _) = try await Self.signedCommit(in: directory, options: nil)
            let signers = try directory.allowedSigners([
                key.allowedSignersLine(principal: "old@example.com", options: "valid-before=\"20200101Z\""),
                key.allowedSignersLine(principal: "*@example.com", options: "cert-authority"),
                key.allowedSignersLine(principal: "new@example.com", options: "valid-after=\"20250101Z\""),
            ])
            #expect(signers.ignored.map(\.line) == [2])
            let verdict = try await store.verifyCommitSignature(sha, allowedSigners: signers)
            #expect(verdict.outcome == .trusted(principal: "new@example.com", keyFingerprint: key.fingerprint))
        }
    }

    @Test(arguments: [
        (SSHKey.KeyType.dsa, "ssh-dss"),
        (.rsa(bits: 1024), "ssh-rsa key of 1024 bits; at least 2048 are required"),
    ])
    func weakOrUnsupportedKeyTypesAreRefused(_ type: SSHKey.KeyType, _ reason: String) async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            let key = try await SSHKey.generate(type, named: "weak", in: directory)
            let signers = try directory.allowedSigners([key.allowedSignersLine(principal: "alice@example.com")])
            // git refuses to sign with some of these, so sign the payload directly.
            let raw = try await repository.rawCommit(try repository.commit([:], message: "Weak"))
            let payload = try directory.write(raw, to: "payload")
            let forged = try await repository.writeCommitObject(withSignature(try key.sign(payload, namespace: "git"), in: raw))
            let store = try await GitStore.open(repository, cache: directory.cache)
            let verdict = try await store.verifyCommitSignature(forged, allowedSigners: signers)
            #expect(verdict.refusal == .unsupportedKeyType(reason))
        }
    }
}
