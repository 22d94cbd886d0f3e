import Foundation
import GitStore
import Testing
import TestSupport

/// The verifier agrees with `ssh-keygen -Y verify` on files signed with `ssh-keygen -Y sign`,
/// for every key type and both message hashes: good signatures, changed files, unlisted keys.
@Suite struct SSHKeygenCrossCheckTests {
    static let principal = "alice@example.com"

    @Test(arguments: [
        SSHKey.KeyType.ed25519, .ecdsa(bits: 256), .ecdsa(bits: 384), .ecdsa(bits: 521), .rsa(bits: 3072),
    ])
    func verdictsMatchSSHKeygen(_ type: SSHKey.KeyType) async throws {
        try await withTemporaryDirectory { directory in
            let key = try await SSHKey.generate(type, named: "signer", in: directory)
            let stranger = try await SSHKey.generate(type, named: "stranger", in: directory)
            let signers = try directory.allowedSigners([key.allowedSignersLine(principal: Self.principal)])
            let message = "desired state\n"
            let file = try directory.write(message, to: "message")
            let time = Date(timeIntervalSince1970: 1_767_225_600)
            for hash in ["sha512", "sha256"] {
                let signature = try await key.sign(file, namespace: "git", hashAlgorithm: hash)
                let parsed = try SSHSignature(armored: signature)
                #expect(parsed.hashAlgorithm == hash)

                await #expect(try sshKeygenVerifies(signature, message, signers, in: directory))
                #expect(signers.verify(signature: signature, of: Data(message.utf8), at: time)
                    == .trusted(principal: Self.principal, keyFingerprint: key.fingerprint))

                let changed = "desired state!\n"
                await #expect(try !sshKeygenVerifies(signature, changed, signers, in: directory))
                #expect(signers.verify(signature: signature, of: Data(changed.utf8), at: time) == .refused(.badSignature))

                let foreign = try await stranger.sign(file, namespace: "git", hashAlgorithm: hash)
                await #expect(try !sshKeygenVerifies(foreign, message, signers, in: directory))
                #expect(signers.verify(signature: foreign, of: Data(message.utf8), at: time)
                    == .refused(.untrustedKey(fingerprint: stranger.fingerprint)))
            }
        }
    }

    /// `ssh-keygen -Y verify -f allowed_signers -I principal -n git -s sig < message`.
    func sshKeygenVerifies(
        _ signature: String, _ message: String, _ signers: AllowedSigners, in directory: TemporaryDirectory
    ) async throws -> Bool {
        let signatureFile = try directory.write(signature, to: "check.sig")
        let result = try await ProcessRunner.run(
            ["ssh-keygen", "-Y", "verify", "-f", signers.file, "-I", Self.principal, "-n", "git", "-s", signatureFile.path],
            input: message)
        return result.exitCode == 0
    }
}
