import _CryptoExtras
import Crypto
import Foundation

extension SSHSignature {
    /// Checks the signature over `message` with the key it names: nil when it is genuine.
    ///
    /// This proves only that the named key signed; whether that key is trusted is the
    /// allowed-signers check that follows.
    func refusalOfSignature(over message: some DataProtocol) -> SignatureRefusal? {
        let messageHash: [UInt8]
        switch hashAlgorithm {
        case "sha256": messageHash = Array(SHA256.hash(data: message))
        case "sha512": messageHash = Array(SHA512.hash(data: message))
        default: return .malformed("hash algorithm '\(quoted(hashAlgorithm))' is not sha256 or sha512")
        }
        let signed = signedData(messageHash: messageHash)
        switch publicKey.material {
        case .ed25519(let rawKey):
            return refusalOfEd25519(key: rawKey, signed: signed)
        case let .ecdsa(curve, point):
            return refusalOfECDSA(curve: curve, point: point, signed: signed)
        case let .rsa(exponent, modulus):
            return refusalOfRSA(exponent: exponent, modulus: modulus, signed: signed)
        case .unsupported:
            return .unsupportedKeyType(quoted(publicKey.type))
        }
    }

    private var algorithmMismatch: SignatureRefusal {
        .malformed("signature algorithm '\(quoted(signatureAlgorithm))' does not match key type \(publicKey.type)")
    }

    private func refusalOfEd25519(key rawKey: [UInt8], signed: [UInt8]) -> SignatureRefusal? {
        guard signatureAlgorithm == "ssh-ed25519" else { return algorithmMismatch }
        guard signatureBytes.count == 64 else { return .malformed("Ed25519 signature is \(signatureBytes.count) bytes, not 64") }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawKey) else {
            return .malformed("Ed25519 public key is unusable")
        }
        return key.isValidSignature(signatureBytes, for: signed) ? nil : .badSignature
    }

    /// The SSH encoding of an ECDSA signature is two mpints, r and s (RFC 5656 §3.1.2);
    /// swift-crypto takes r and s as fixed-width big-endian halves.
    private func refusalOfECDSA(curve: ECDSACurve, point: [UInt8], signed: [UInt8]) -> SignatureRefusal? {
        guard signatureAlgorithm == publicKey.type else { return algorithmMismatch }
        var reader = SSHWireReader(signatureBytes)
        let r: [UInt8], s: [UInt8]
        do {
            r = try reader.readPositiveMPInt("ECDSA r")
            s = try reader.readPositiveMPInt("ECDSA s")
            try reader.expectEnd("ECDSA signature")
        } catch {
            return .malformed(error.message)
        }
        let width = curve.coordinateBytes
        guard r.count <= width, s.count <= width else { return .malformed("ECDSA r or s is wider than \(curve.name)") }
        let raw = [UInt8](repeating: 0, count: width - r.count) + r + [UInt8](repeating: 0, count: width - s.count) + s
        let valid: Bool?
        switch curve {
        case .p256:
            valid = (try? P256.Signing.ECDSASignature(rawRepresentation: raw)).flatMap { signature in
                (try? P256.Signing.PublicKey(x963Representation: point))?.isValidSignature(signature, for: signed)
            }
        case .p384:
            valid = (try? P384.Signing.ECDSASignature(rawRepresentation: raw)).flatMap { signature in
                (try? P384.Signing.PublicKey(x963Representation: point))?.isValidSignature(signature, for: signed)
            }
        case .p521:
            valid = (try? P521.Signing.ECDSASignature(rawRepresentation: raw)).flatMap { signature in
                (try? P521.Signing.PublicKey(x963Representation: point))?.isValidSignature(signature, for: signed)
            }
        }
        guard let valid else { return .malformed("ECDSA key or signature is not on \(curve.name)") }
        return valid ? nil : .badSignature
    }

    /// `rsa-sha2-256`/`rsa-sha2-512` (RFC 8332): PKCS#1 v1.5 over SHA-2. The SHA-1 `ssh-rsa`
    /// signature is refused, as PROTOCOL.sshsig requires.
    private func refusalOfRSA(exponent: [UInt8], modulus: [UInt8], signed: [UInt8]) -> SignatureRefusal? {
        let bits = publicKey.rsaModulusBits ?? 0
        guard bits >= 2048 else { return .unsupportedKeyType("ssh-rsa key of \(bits) bits; at least 2048 are required") }
        guard bits <= SSHPublicKey.maximumRSABits else {
            return .unsupportedKeyType("ssh-rsa key of \(bits) bits; at most \(SSHPublicKey.maximumRSABits) are accepted")
        }
        let digest: any Digest
        switch signatureAlgorithm {
        case "rsa-sha2-256": digest = SHA256.hash(data: signed)
        case "rsa-sha2-512": digest = SHA512.hash(data: signed)
        case "ssh-rsa": return .malformed("ssh-rsa signatures use SHA-1, which SSHSIG does not allow")
        default: return algorithmMismatch
        }
        // OpenSSH accepts a signature shorter than the modulus and pads it; BoringSSL wants it exact.
        guard signatureBytes.count <= modulus.count else { return .malformed("RSA signature is longer than the modulus") }
        let padded = [UInt8](repeating: 0, count: modulus.count - signatureBytes.count) + signatureBytes
        guard let key = try? _RSA.Signing.PublicKey(n: modulus, e: exponent) else { return .malformed("RSA key is unusable") }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: padded)
        return key.isValidSignature(signature, for: digest, padding: .insecurePKCS1v1_5) ? nil : .badSignature
    }
}
