/// Base64 (RFC 4648) as user-data and MIME parts carry it, decoded into a bounded buffer.
///
/// Foundation's decoder either rejects the whole text or, with `.ignoreUnknownCharacters`,
/// silently skips anything; neither stops at a byte budget. This one skips only whitespace
/// (MIME folds base64 into lines, RFC 2045 §6.8), keeps what it decoded before a bad
/// character, and stops at `limit`, so a failure still leaves something to scan.
enum Base64Text {
    enum Outcome: Sendable, Hashable {
        case complete
        /// Why decoding stopped early, e.g. `'%' at offset 12 is not a base64 character`.
        case invalid(String)
        case overBudget
    }

    static func decode(_ text: some Collection<UInt8>, limit: Int) -> (bytes: [UInt8], outcome: Outcome) {
        var output: [UInt8] = []
        output.reserveCapacity(min(max(limit, 0), text.count / 4 * 3 + 3))
        var group: UInt32 = 0
        var filled = 0
        var padded = false
        /// Appends the top `count` bytes of the group; false when the budget ran out first.
        func emit(_ count: Int) -> Bool {
            for index in 0..<count {
                guard output.count < limit else { return false }
                output.append(UInt8(truncatingIfNeeded: group >> (16 - 8 * index)))
            }
            return true
        }
        /// Emits the bytes a group of two or three characters holds, before a failure or the end.
        @discardableResult
        func flushPartialGroup() -> Bool {
            guard filled >= 2 else { return true }
            group <<= UInt32(6 * (4 - filled))
            return emit(filled - 1)
        }
        for (offset, byte) in text.enumerated() {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if byte == UInt8(ascii: "=") {
                if padded { continue }
                guard filled >= 2 else { return (output, .invalid("padding at offset \(offset) ends a group too early")) }
                guard flushPartialGroup() else { return (output, .overBudget) }
                (filled, group, padded) = (0, 0, true)
                continue
            }
            let value = alphabet[Int(byte)]
            guard value >= 0 else {
                flushPartialGroup()
                return (output, .invalid("\(describe(byte)) at offset \(offset) is not a base64 character"))
            }
            guard !padded else { return (output, .invalid("data after the padding at offset \(offset)")) }
            group = group << 6 | UInt32(value)
            filled += 1
            if filled == 4 {
                guard emit(3) else { return (output, .overBudget) }
                (filled, group) = (0, 0)
            }
        }
        switch filled {
        case 0: return (output, .complete)
        case 1: return (output, .invalid("the text ends in the middle of a group"))
        default:
            // Unpadded, as some encoders write: the last two or three characters still decode.
            let complete = flushPartialGroup()
            return (output, complete ? .complete : .overBudget)
        }
    }

    /// Sextet values by byte; -1 for bytes outside the alphabet.
    private static let alphabet: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = Int8(value)
        }
        return table
    }()

    /// `'%'` for printable ASCII, `byte 0x00` otherwise, so messages stay one readable line.
    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
    }
}
