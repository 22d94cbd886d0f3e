import CZlib

/// gzip (RFC 1952) and zlib (RFC 1950) streams, inflated by the system zlib into a bounded
/// buffer: output stops at the caller's budget, so a bomb costs the budget and no more.
///
/// zlib checks what a hand-written decoder would have to: gzip's CRC-32 and length trailer,
/// zlib's Adler-32, and every Huffman table. Concatenated gzip members (what `cat a.gz b.gz`
/// gives, and what gzip itself decompresses to the concatenated text) are read one after another.
enum Decompression {
    enum Format: String, Sendable {
        case gzip
        case zlib
    }

    enum Outcome: Sendable, Hashable {
        case complete
        /// The input ended before the compressed stream did.
        case truncated
        /// zlib's own words, e.g. `incorrect data check` for a bad CRC.
        case corrupt(String)
        case overBudget
        /// This many bytes follow the last stream and are not another gzip member.
        case trailingData(Int)
    }

    /// gzip by its magic `1f 8b`; zlib by the header bytes its four compression levels write
    /// (`78 01`, `78 9c`, `78 da`). Level 2–5's `78 5e` is left out: it reads as the text `x^`.
    static func format(of bytes: [UInt8]) -> Format? {
        guard bytes.count >= 2 else { return nil }
        if bytes[0] == 0x1f && bytes[1] == 0x8b { return .gzip }
        if bytes[0] == 0x78 && [0x01, 0x9c, 0xda].contains(bytes[1]) { return .zlib }
        return nil
    }

    /// Inflates `input` into at most `limit` bytes, keeping what came out before any failure.
    static func inflate(_ input: [UInt8], limit: Int) -> (output: [UInt8], outcome: Outcome) {
        var stream = z_stream()
        // 15 + 32: the largest window, with the gzip or zlib header detected automatically.
        guard rolesync_inflateInit2(&stream, 15 + 32) == Z_OK else { return ([], .corrupt("zlib could not start")) }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        return input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                // One byte more than the budget allows: producing it proves the output is larger.
                let room = min(chunk.count, max(limit - output.count, 0) + 1)
                let status = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(room)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                output += chunk.prefix(room - Int(stream.avail_out))
                if output.count > limit {
                    output.removeLast(output.count - limit)
                    return (output, .overBudget)
                }
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    let rest = Int(stream.avail_in)
                    if rest == 0 { return (output, .complete) }
                    let next = source.count - rest
                    guard rest >= 2, source[next] == 0x1f, source[next + 1] == 0x8b else {
                        return (output, .trailingData(rest))
                    }
                    inflateReset(&stream)
                case Z_BUF_ERROR:
                    // No progress with output room left: the input ran out mid-stream.
                    return (output, .truncated)
                case Z_NEED_DICT:
                    return (output, .corrupt("the stream needs a preset dictionary"))
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    return (output, .corrupt(message))
                }
            }
        }
    }
}
