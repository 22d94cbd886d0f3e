import Foundation
import GitStore
import Testing

/// The SSHSIG parser and verifier against a signature made once with
/// `ssh-keygen -Y sign -n git` (a known vector), and against truncated, flipped and
/// made-up input: every one must be refused, none may crash.
@Suite struct SSHSignatureParserTests {
    static let publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEGQS3nnBuAZIZS16ntfnT8jVDbiaZYmJ5FNhPe0npub"
    static let fingerprint = "SHA256:TMaUxriw4enWjfsPsCbpw4bXomvgXoeGR/zLYqE5tVY"
    static let message = Data("rolesync vector\n".utf8)
    static let armored = """
        -----BEGIN SSH SIGNATURE-----
        U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgQZBLeecG4BkhlLXqe1+dPyNUNu
        JpliYnkU2E97Sem5sAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5
        AAAAQIpXA5M4/7N9dUsQxr3wkZDbKM+V6YToLaZTB5gby9r8QvbLPQ/qlNnC2sjSvRAgzJ
        s0XSeTlj1YxOl1UaKB+Ag=
        -----END SSH SIGNATURE-----

        """
    static let time = Date(timeIntervalSince1970: 1_764_378_123)

    static var signers: AllowedSigners {
        get throws { try AllowedSigners(parsing: Data("alice@example.com \(publicKey)\n".utf8), file: "signers") }
    }

    /// The armored body, decoded.
    static var bytes: [UInt8] {
        let body = armored.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Array(Data(base64Encoded: body)!)
    }

    static func armor(_ bytes: [UInt8]) -> String {
        "-----BEGIN SSH SIGNATURE-----\n\(Data(bytes).base64EncodedString())\n-----END SSH SIGNATURE-----\n"
    }

    @Test func theVectorParses() throws {
        let signature = try SSHSignature(armored: Self.armored)
        #expect(signature.namespace == "git")
        #expect(signature.hashAlgorithm == "sha512")
        #expect(signature.signatureAlgorithm == "ssh-ed25519")
        #expect(signature.reserved.isEmpty)
        #expect(signature.signatureBytes.count == 64)
        #expect(signature.publicKey.type == "ssh-ed25519")
        #expect(signature.publicKey.fingerprint == Self.fingerprint)
    }

    @Test func theVectorVerifiesAndAChangedMessageDoesNot() throws {
        let signers = try Self.signers
        #expect(signers.verify(signature: Self.armored, of: Self.message, at: Self.time)
            == .trusted(principal: "alice@example.com", keyFingerprint: Self.fingerprint))
        #expect(signers.verify(signature: Self.armored, of: Data("rolesync vector?\n".utf8), at: Self.time)
            == .refused(.badSignature))
        #expect(signers.verify(signature: Self.armored, of: Self.message, namespace: "file", at: Self.time)
            == .refused(.wrongNamespace(signed: "git", allowed: "file")))
        let nobody = AllowedSigners(file: "empty", signers: [])
        #expect(nobody.verify(signature: Self.armored, of: Self.message, at: Self.time)
            == .refused(.untrustedKey(fingerprint: Self.fingerprint)))
    }

    @Test func everyTruncationIsRefused() throws {
        let bytes = Self.bytes
        let signers = try Self.signers
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            #expect(throws: SSHFormatError.self) { try SSHSignature(bytes: prefix) }
            #expect(!Self.isTrusted(signers.verify(signature: Self.armor(prefix), of: Self.message, at: Self.time)))
        }
    }

    @Test func everySingleByteChangeIsRefused() throws {
        let bytes = Self.bytes
        let signers = try Self.signers
        for index in bytes.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var changed = bytes
                changed[index] ^= flip
                let outcome = signers.verify(signature: Self.armor(changed), of: Self.message, at: Self.time)
                #expect(!Self.isTrusted(outcome), "byte \(index) ^ \(flip)")
            }
        }
    }

    @Test(arguments: [
        ("", SignatureRefusal.notSSHSignature),
        ("-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----\n", .notSSHSignature),
        ("-----BEGIN SSH SIGNATURE-----", .malformed("no '-----END SSH SIGNATURE-----' line")),
        ("-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----", .malformed("signature body is not base64")),
        ("-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----", .malformed("signature body is not base64")),
        (armor(Array("SSHSIX".utf8) + [0, 0, 0, 1]), .malformed("magic is not SSHSIG")),
        (armor(Array("SSHSIG".utf8) + [0, 0, 0, 2]), .malformed("version 2 is not 1")),
        (armor(Array("SSHSIG".utf8) + [0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0]),
         .malformed("public key is truncated: 4294967295 bytes needed, 1 left")),
        (armor(Array("SSHSIG".utf8) + [0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 0]), .malformed("key type is not a printable name")),
    ])
    func garbageIsRefusedWithAReason(_ text: String, _ refusal: SignatureRefusal) throws {
        #expect(try Self.signers.verify(signature: text, of: Self.message, at: Self.time) == .refused(refusal))
    }

    @Test func fieldsAreCheckedAfterTheKey() throws {
        var bytes = Self.bytes
        // The hash algorithm field "sha512" sits after the namespace and reserved fields.
        let sha512 = Array("sha512".utf8)
        let at = try #require((0...(bytes.count - sha512.count)).first { Array(bytes[$0..<$0 + sha512.count]) == sha512 })
        bytes.replaceSubrange(at..<at + sha512.count, with: Array("md5___".utf8))
        #expect(try Self.signers.verify(signature: Self.armor(bytes), of: Self.message, at: Self.time)
            == .refused(.malformed("hash algorithm 'md5___' is not sha256 or sha512")))
        let trailing = Self.bytes + [0]
        #expect(throws: SSHFormatError("signature has 1 unexpected trailing bytes")) { try SSHSignature(bytes: trailing) }
    }

    @Test func oversizedArmorIsRefusedBeforeDecoding() throws {
        let huge = Self.armored + String(repeating: " ", count: SSHSignature.maximumArmoredBytes)
        #expect(throws: SSHFormatError.self) { try SSHSignature(armored: huge) }
    }

    /// Random bytes after a valid preamble, from a fixed seed: reproducible, and they reach
    /// every length check.
    @Test func randomInputNeverCrashes() throws {
        var generator = SplitMix64(seed: 0x5EED)
        let signers = try Self.signers
        for _ in 0..<3000 {
            let count = Int(generator.next() % 200)
            var bytes = Array("SSHSIG".utf8) + [0, 0, 0, 1]
            bytes += (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Small length prefixes make the reader go deeper than random 32-bit lengths would.
            if count > 4, generator.next() % 2 == 0 { bytes[10] = 0; bytes[11] = 0; bytes[12] = 0 }
            #expect(!Self.isTrusted(signers.verify(signature: Self.armor(bytes), of: Self.message, at: Self.time)))
        }
    }

    static func isTrusted(_ outcome: SignatureOutcome) -> Bool {
        if case .trusted = outcome { return true }
        return false
    }
}

/// A small deterministic generator for reproducible random input.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
