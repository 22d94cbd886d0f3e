import Foundation

/// An SSHSIG signature, the format `ssh-keygen -Y sign` writes and git stores in a commit's
/// `gpgsig` header when `gpg.format=ssh` (OpenSSH `PROTOCOL.sshsig`).
///
/// Parsing checks structure only: magic, version, every length. Whether the signature is
/// genuine and by whom is `AllowedSigners.verify`'s question.
public struct SSHSignature: Sendable, Hashable {
    /// The key that claims to have signed.
    public var publicKey: SSHPublicKey
    /// What the signature is for (`git` for commits, `file` for `ssh-keygen -Y sign -n file`):
    /// part of the signed data, so a signature cannot be replayed in another namespace.
    public var namespace: String
    /// Reserved for future use; signed, otherwise ignored as the protocol says.
    public var reserved: [UInt8]
    /// The hash of the message that was signed: `sha256` or `sha512`.
    public var hashAlgorithm: String
    /// The signature algorithm, e.g. `ssh-ed25519` or `rsa-sha2-512`.
    public var signatureAlgorithm: String
    /// The algorithm's signature bytes (for ECDSA, the encoded r and s).
    public var signatureBytes: [UInt8]

    static let magic = Array("SSHSIG".utf8)
    static let beginMarker = "-----BEGIN SSH SIGNATURE-----"
    static let endMarker = "-----END SSH SIGNATURE-----"
    /// The largest armored signature read. A 16384-bit RSA signature armors to under 6 KiB;
    /// anything near this limit is hostile.
    public static let maximumArmoredBytes = 64 << 10

    /// Parses the armored form: the begin line, base64 (line breaks and spaces ignored), the
    /// end line; blank space around it is allowed.
    public init(armored text: String) throws(SSHFormatError) {
        guard text.utf8.count <= Self.maximumArmoredBytes else {
            throw SSHFormatError("signature is \(text.utf8.count) bytes, over the limit of \(Self.maximumArmoredBytes)")
        }
        let utf8 = Array(text.utf8)
        // Bytes, not Characters: a combining mark after a marker must not merge with it.
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let first = utf8.firstIndex(where: { !isSpace($0) }) ?? utf8.endIndex
        let last = utf8.lastIndex(where: { !isSpace($0) }).map { $0 + 1 } ?? first
        let trimmed = utf8[first..<max(first, last)]
        let begin = Array(Self.beginMarker.utf8), end = Array(Self.endMarker.utf8)
        guard trimmed.starts(with: begin) else { throw SSHFormatError("no '\(Self.beginMarker)' line") }
        guard trimmed.count >= begin.count + end.count, trimmed.suffix(end.count).elementsEqual(end) else {
            throw SSHFormatError("no '\(Self.endMarker)' line")
        }
        let body = trimmed.dropFirst(begin.count).dropLast(end.count).filter { !isSpace($0) }
        guard let decoded = Data(base64Encoded: Data(body)), !decoded.isEmpty else {
            throw SSHFormatError("signature body is not base64")
        }
        try self.init(bytes: decoded)
    }

    /// Parses the binary form (the armored body, decoded).
    public init(bytes: some Sequence<UInt8>) throws(SSHFormatError) {
        var reader = SSHWireReader(bytes)
        guard try reader.readBytes(Self.magic.count, "magic") == Self.magic else {
            throw SSHFormatError("magic is not SSHSIG")
        }
        let version = try reader.readUInt32("version")
        guard version == 1 else { throw SSHFormatError("version \(version) is not 1") }
        publicKey = try SSHPublicKey(blob: try reader.readString("public key"))
        namespace = try reader.readName("namespace")
        reserved = try reader.readString("reserved")
        hashAlgorithm = try reader.readName("hash algorithm")
        var inner = SSHWireReader(try reader.readString("signature"))
        try reader.expectEnd("signature")
        signatureAlgorithm = try inner.readName("signature algorithm")
        signatureBytes = try inner.readString("signature bytes")
        try inner.expectEnd("signature blob")
    }

    /// What the key actually signed (PROTOCOL.sshsig, "Signed Data"): the magic, the
    /// namespace, the reserved field, the hash algorithm and the message's hash, so the
    /// signature binds all of them.
    func signedData(messageHash: [UInt8]) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.appendRaw(Self.magic)
        writer.appendString(namespace)
        writer.appendString(reserved)
        writer.appendString(hashAlgorithm)
        writer.appendString(messageHash)
        return writer.bytes
    }
}
