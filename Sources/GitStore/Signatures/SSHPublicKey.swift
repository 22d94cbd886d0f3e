import Crypto
import Foundation

/// An SSH public key: its algorithm name and its wire-format blob (what follows the key type
/// in a `.pub` file, base64-decoded).
///
/// Keys are compared by blob, as `ssh-keygen -Y verify` compares key type and key material.
/// The blob's structure is checked for the types rolesync can verify; other types (DSA,
/// security keys, certificates) are kept by name so that a verdict can say what they are.
public struct SSHPublicKey: Sendable, Hashable {
    /// The key type, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`.
    public let type: String
    /// The wire encoding: `string type` followed by the type's fields.
    public let blob: [UInt8]
    let material: Material

    /// The parsed fields of a key type rolesync verifies signatures of.
    enum Material: Sendable, Hashable {
        case ed25519(publicKey: [UInt8])
        case ecdsa(ECDSACurve, point: [UInt8])
        /// Exponent and modulus, big-endian without leading zeros.
        case rsa(exponent: [UInt8], modulus: [UInt8])
        /// A well-named type whose signatures rolesync cannot check.
        case unsupported
    }

    /// The most RSA modulus bits accepted: OpenSSH's own limit (`SSHBUF_MAX_BIGNUM`), which
    /// also bounds the work one hostile signature can cause.
    static let maximumRSABits = 16384

    /// Parses a key blob; throws when a supported type's fields are malformed.
    public init(blob: some Sequence<UInt8>) throws(SSHFormatError) {
        let blob = Array(blob)
        var reader = SSHWireReader(blob)
        let type = try reader.readName("key type")
        self.type = type
        self.blob = blob
        if type == "ssh-ed25519" {
            let key = try reader.readString("Ed25519 public key")
            guard key.count == 32 else { throw SSHFormatError("Ed25519 public key is \(key.count) bytes, not 32") }
            material = .ed25519(publicKey: key)
        } else if let curve = ECDSACurve(keyType: type) {
            let name = try reader.readName("ECDSA curve name")
            guard name == curve.name else { throw SSHFormatError("key type \(type) names curve \(name)") }
            let point = try reader.readString("ECDSA public point")
            guard point.count == 1 + 2 * curve.coordinateBytes, point.first == 0x04 else {
                throw SSHFormatError("ECDSA public point is not an uncompressed \(curve.name) point")
            }
            material = .ecdsa(curve, point: point)
        } else if type == "ssh-rsa" {
            let exponent = try reader.readPositiveMPInt("RSA exponent")
            let modulus = try reader.readPositiveMPInt("RSA modulus")
            guard !exponent.isEmpty, !modulus.isEmpty else { throw SSHFormatError("RSA exponent or modulus is zero") }
            material = .rsa(exponent: exponent, modulus: modulus)
        } else {
            material = .unsupported
            return  // the fields of other types are not rolesync's to check
        }
        try reader.expectEnd("\(type) key")
    }

    /// `SHA256:` and the unpadded base64 of the blob's SHA-256, as `ssh-keygen -l` prints it.
    public var fingerprint: String {
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    /// The RSA modulus size in bits; nil for other key types.
    var rsaModulusBits: Int? {
        guard case .rsa(_, let modulus) = material, let first = modulus.first else { return nil }
        return modulus.count * 8 - first.leadingZeroBitCount
    }
}

/// The NIST curves of OpenSSH's `ecdsa-sha2-*` key types (RFC 5656).
enum ECDSACurve: Sendable, Hashable {
    case p256, p384, p521

    init?(keyType: String) {
        switch keyType {
        case "ecdsa-sha2-nistp256": self = .p256
        case "ecdsa-sha2-nistp384": self = .p384
        case "ecdsa-sha2-nistp521": self = .p521
        default: return nil
        }
    }

    var name: String {
        switch self {
        case .p256: "nistp256"
        case .p384: "nistp384"
        case .p521: "nistp521"
        }
    }

    /// Bytes in one coordinate or scalar: r and s are padded to this for `rawRepresentation`.
    var coordinateBytes: Int {
        switch self {
        case .p256: 32
        case .p384: 48
        case .p521: 66
        }
    }
}
