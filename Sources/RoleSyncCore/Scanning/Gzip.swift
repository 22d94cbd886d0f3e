/// Reads gzip (RFC 1952) members: header, DEFLATE body, CRC-32 and size trailer.
public enum Gzip {
    public enum Failure: Error, Sendable, Hashable {
        case notGzip
        case unsupportedMethod
        case truncated
        case checksumMismatch
    }

    /// True when the bytes start with gzip's magic number `1f 8b`.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Decompresses every member (concatenated gzip files decompress to concatenated output).
    public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        guard isGzip(bytes) else { throw Failure.notGzip }
        var output: [UInt8] = []
        var position = 0
        while position < bytes.count, isGzip(Array(bytes[position..<min(position + 2, bytes.count)])) {
            let bodyStart = try skipHeader(bytes, at: position)
            let (member, consumed) = try Inflate.inflate(bytes, from: bodyStart)
            let trailer = bodyStart + consumed
            guard trailer + 8 <= bytes.count else { throw Failure.truncated }
            guard littleEndian(bytes, at: trailer) == CRC32.checksum(member),
                  littleEndian(bytes, at: trailer + 4) == UInt32(truncatingIfNeeded: member.count)
            else { throw Failure.checksumMismatch }
            output += member
            position = trailer + 8
        }
        return output
    }

    /// Returns where the DEFLATE body starts, past the optional extra, name, comment and CRC fields.
    private static func skipHeader(_ bytes: [UInt8], at start: Int) throws -> Int {
        guard start + 10 <= bytes.count else { throw Failure.truncated }
        guard bytes[start + 2] == 8 else { throw Failure.unsupportedMethod }
        let flags = bytes[start + 3]
        var position = start + 10
        if flags & 0x04 != 0 {
            guard position + 2 <= bytes.count else { throw Failure.truncated }
            position += 2 + (Int(bytes[position]) | (Int(bytes[position + 1]) << 8))
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {
            while position < bytes.count, bytes[position] != 0 { position += 1 }
            position += 1
        }
        if flags & 0x02 != 0 { position += 2 }
        guard position <= bytes.count else { throw Failure.truncated }
        return position
    }

    private static func littleEndian(_ bytes: [UInt8], at position: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[position + $1]) << (8 * $1) }
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as gzip's trailer uses.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { crc, _ in crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { crc, byte in table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }
}
