import Foundation

/// A byte-level pass that tells whether a text can hold a finding at all: every finding needs
/// an anchor (an access key id prefix, or a credential keyword, all of which contain `secret`
/// or `token` in any case), so a file without one is passed over without being decoded into
/// lines. Exact, not a heuristic: it never hides a finding the full scan would make.
public enum SecretAnchors {
    public static func present(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "A"):
                if matches(bytes, at: index + 1, "KIA") || matches(bytes, at: index + 1, "SIA")
                    || matches(bytes, at: index + 1, "BIA") || matches(bytes, at: index + 1, "CCA")
                    || matches(bytes, at: index + 1, "3T") { return true }
            case UInt8(ascii: "s"), UInt8(ascii: "S"):
                if matchesIgnoringCase(bytes, at: index + 1, "ecret") { return true }
            case UInt8(ascii: "t"), UInt8(ascii: "T"):
                if matchesIgnoringCase(bytes, at: index + 1, "oken") { return true }
            default:
                break
            }
            index += 1
        }
        return false
    }

    static func present(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { present(in: $0) }
    }

    static func present(in line: Substring) -> Bool {
        var line = line
        return line.withUTF8 { present(in: $0) }
    }

    public static func present(in data: Data) -> Bool {
        data.withUnsafeBytes { present(in: $0.bindMemory(to: UInt8.self)) }
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ word: StaticString) -> Bool {
        guard start + word.utf8CodeUnitCount <= bytes.count else { return false }
        for offset in 0..<word.utf8CodeUnitCount where bytes[start + offset] != word.utf8Start[offset] { return false }
        return true
    }

    /// `word` is lower case; the text may be in any case.
    private static func matchesIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ word: StaticString) -> Bool {
        guard start + word.utf8CodeUnitCount <= bytes.count else { return false }
        for offset in 0..<word.utf8CodeUnitCount {
            let byte = bytes[start + offset]
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if lowered != word.utf8Start[offset] { return false }
        }
        return true
    }
}
