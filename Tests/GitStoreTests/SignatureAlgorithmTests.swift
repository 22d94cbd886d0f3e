import _CryptoExtras
import Crypto
import Foundation
import GitStore
import Testing

/// Signatures built here with swift-crypto, for the cases `ssh-keygen` never produces:
/// `rsa-sha2-256` (it always signs with `rsa-sha2-512`), the SHA-1 `ssh-rsa` algorithm SSHSIG
/// forbids, a non-empty reserved field, and algorithm names that contradict the key.
@Suite struct SignatureAlgorithmTests {
    static let message = Data("desired state\n".utf8)
    static let time = Date(timeIntervalSince1970: 1_767_225_600)

    static func signers(for blob: [UInt8]) throws -> AllowedSigners {
        let key = try SSHPublicKey(blob: blob)
        return AllowedSigners(file: "signers", signers: [AllowedSigner(line: 1, principals: "ops", key: key)])
    }

    @Test func rsaSHA256IsVerifiedAndSHA1IsRefused() throws {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let primitives = try privateKey.publicKey.getKeyPrimitives()
        let blob = SSHSIGBuilder.encode { $0.string("ssh-rsa"); $0.mpint(primitives.publicExponent); $0.mpint(primitives.modulus) }
        let signers = try Self.signers(for: blob)
        let fingerprint = try SSHPublicKey(blob: blob).fingerprint
        var builder = SSHSIGBuilder(publicKey: blob)
        let toSign = builder.signedData(of: Self.message)

        let sha256 = try privateKey.signature(for: SHA256.hash(data: toSign), padding: .insecurePKCS1v1_5)
        builder.signature = ("rsa-sha2-256", Array(sha256.rawRepresentation))
        #expect(signers.verify(signature: builder.armored, of: Self.message, at: Self.time)
            == .trusted(principal: "ops", keyFingerprint: fingerprint))
        builder.signature = ("rsa-sha2-512", Array(sha256.rawRepresentation))
        #expect(signers.verify(signature: builder.armored, of: Self.message, at: Self.time) == .refused(.badSignature))

        let sha1 = try privateKey.signature(for: Insecure.SHA1.hash(data: toSign), padding: .insecurePKCS1v1_5)
        builder.signature = ("ssh-rsa", Array(sha1.rawRepresentation))
        #expect(signers.verify(signature: builder.armored, of: Self.message, at: Self.time)
            == .refused(.malformed("ssh-rsa signatures use SHA-1, which SSHSIG does not allow")))
    }

    @Test func theReservedFieldIsSignedAndAMismatchedAlgorithmIsRefused() throws {
        let privateKey = Curve25519.Signing.PrivateKey()
        let blob = SSHSIGBuilder.encode { $0.string("ssh-ed25519"); $0.string(Array(privateKey.publicKey.rawRepresentation)) }
        let signers = try Self.signers(for: blob)
        var builder = SSHSIGBuilder(publicKey: blob)
        builder.reserved = Array("future".utf8)
        let signature = try privateKey.signature(for: builder.signedData(of: Self.message))
        builder.signature = ("ssh-ed25519", Array(signature))
        #expect(signers.verify(signature: builder.armored, of: Self.message, at: Self.time).isTrustedForTest)

        builder.reserved = Array("changed".utf8)
        #expect(signers.verify(signature: builder.armored, of: Self.message, at: Self.time) == .refused(.badSignature))

        builder.signature = ("ecdsa-sha2-nistp256", Array(signature))
        #expect(signers.verify(signature: builder.armored, of: Self.message, at: Self.time)
            == .refused(.malformed("signature algorithm 'ecdsa-sha2-nistp256' does not match key type ssh-ed25519")))
    }

    /// r and s are mpints: a value with a high first byte carries a leading zero, a small one
    /// is shorter than the curve's width. Both must be padded back to fixed width.
    @Test func ecdsaScalarsOfAnyEncodedWidthAreAccepted() throws {
        let privateKey = P384.Signing.PrivateKey()
        let point = Array(privateKey.publicKey.x963Representation)
        let blob = SSHSIGBuilder.encode { $0.string("ecdsa-sha2-nistp384"); $0.string("nistp384"); $0.string(point) }
        let signers = try Self.signers(for: blob)
        var builder = SSHSIGBuilder(publicKey: blob)
        for _ in 0..<20 {
            let raw = Array(try privateKey.signature(for: builder.signedData(of: Self.message)).rawRepresentation)
            let encoded = SSHSIGBuilder.encode { $0.mpint(Data(raw[..<48])); $0.mpint(Data(raw[48...])) }
            builder.signature = ("ecdsa-sha2-nistp384", encoded)
            #expect(signers.verify(signature: builder.armored, of: Self.message, at: Self.time).isTrustedForTest)
        }
        builder.signature = ("ecdsa-sha2-nistp384", SSHSIGBuilder.encode { $0.mpint(Data([1])); $0.mpint(Data(repeating: 0x7F, count: 49)) })
        #expect(signers.verify(signature: builder.armored, of: Self.message, at: Self.time)
            == .refused(.malformed("ECDSA r or s is wider than nistp384")))
    }
}

extension SignatureOutcome {
    var isTrustedForTest: Bool {
        if case .trusted = self { return true }
        return false
    }
}

/// Writes an SSHSIG signature field by field (PROTOCOL.sshsig), independently of the code
/// under test, so each field can be set to what a test needs.
struct SSHSIGBuilder {
    var publicKey: [UInt8]
    var namespace = "git"
    var reserved: [UInt8] = []
    var hashAlgorithm = "sha512"
    var signature: (algorithm: String, bytes: [UInt8]) = ("", [])

    init(publicKey: [UInt8]) { self.publicKey = publicKey }

    func signedData(of message: Data) -> [UInt8] {
        Array("SSHSIG".utf8) + Self.encode {
            $0.string(namespace); $0.string(reserved); $0.string(hashAlgorithm)
            $0.string(Array(SHA512.hash(data: message)))
        }
    }

    var armored: String {
        let body = Array("SSHSIG".utf8) + [0, 0, 0, 1] + Self.encode {
            $0.string(publicKey); $0.string(namespace); $0.string(reserved); $0.string(hashAlgorithm)
            $0.string(Self.encode { $0.string(signature.algorithm); $0.string(signature.bytes) })
        }
        return "-----BEGIN SSH SIGNATURE-----\n\(Data(body).base64EncodedString())\n-----END SSH SIGNATURE-----\n"
    }

    struct Encoder {
        var bytes: [UInt8] = []
        mutating func string(_ raw: [UInt8]) {
            bytes += withUnsafeBytes(of: UInt32(raw.count).bigEndian, Array.init) + raw
        }
        mutating func string(_ text: String) { string(Array(text.utf8)) }
        /// A non-negative mpint: no leading zeros, plus one zero when the high bit is set.
        mutating func mpint(_ magnitude: Data) {
            let trimmed = Array(magnitude.drop(while: { $0 == 0 }))
            string((trimmed.first ?? 0) & 0x80 != 0 ? [0] + trimmed : trimmed)
        }
    }

    static func encode(_ build: (inout Encoder) -> Void) -> [UInt8] {
        var encoder = Encoder()
        build(&encoder)
        return encoder.bytes
    }
}
