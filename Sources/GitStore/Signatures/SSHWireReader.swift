/// Reads the SSH wire encoding (RFC 4251 §5): `uint32`, `string` and `mpint` fields.
///
/// Every read checks its length against the bytes left before touching them, so a hostile
/// length prefix (say 0xFFFFFFFF in a 40-byte blob) fails with an error instead of reading
/// past the end. Signatures and keys come from whoever pushed the commit: nothing in them
/// is trusted until it is verified.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset: Int

    init(_ bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
        self.offset = 0
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// `count` raw bytes.
    mutating func readBytes(_ count: Int, _ field: String) throws(SSHFormatError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else {
            throw SSHFormatError("\(field) is truncated: \(count) bytes needed, \(bytes.count - offset) left")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// A big-endian `uint32`.
    mutating func readUInt32(_ field: String) throws(SSHFormatError) -> UInt32 {
        try readBytes(4, field).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A `string`: a `uint32` length, then that many bytes.
    mutating func readString(_ field: String) throws(SSHFormatError) -> [UInt8] {
        let length = try readUInt32("length of \(field)")
        return try readBytes(Int(length), field)
    }

    /// A non-empty `string` of printable ASCII, such as an algorithm or namespace name.
    mutating func readName(_ field: String) throws(SSHFormatError) -> String {
        let raw = try readString(field)
        guard !raw.isEmpty, raw.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw SSHFormatError("\(field) is not a printable name")
        }
        return String(decoding: raw, as: UTF8.self)
    }

    /// A non-negative `mpint` as its big-endian magnitude without leading zeros.
    ///
    /// Negative values are refused (no key or signature field is negative); a redundant
    /// leading zero is tolerated, as OpenSSH's `sshbuf_get_bignum2` tolerates it.
    mutating func readPositiveMPInt(_ field: String) throws(SSHFormatError) -> [UInt8] {
        let raw = try readString(field)
        if let first = raw.first, first & 0x80 != 0 {
            throw SSHFormatError("\(field) is negative")
        }
        return Array(raw.drop(while: { $0 == 0 }))
    }

    /// Throws unless every byte was read: trailing bytes would be unsigned, unchecked data.
    func expectEnd(_ what: String) throws(SSHFormatError) {
        guard isAtEnd else {
            throw SSHFormatError("\(what) has \(bytes.count - offset) unexpected trailing bytes")
        }
    }
}

/// Appends SSH wire fields, for building the data an SSHSIG signature covers.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func appendRaw(_ raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    mutating func appendString(_ raw: some Collection<UInt8>) {
        let length = UInt32(raw.count)
        bytes.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) })
        bytes.append(contentsOf: raw)
    }

    mutating func appendString(_ text: String) { appendString(Array(text.utf8)) }
}

/// A structural problem in an SSH key or signature: a bad length, a wrong magic, a field
/// that does not parse. The message says which field.
public struct SSHFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
