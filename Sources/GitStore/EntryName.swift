/// The rules a path component from a tree or a working tree must pass before it is used.
///
/// Git trees are bytes written by whoever pushed: Git's own CLI refuses to check out `..`,
/// `.git` or names with a slash, but a tree written with `git mktree` or any libgit2 client
/// can hold them, and a newline in a name printed raw can forge a line of `validate`'s output
/// (`x.yaml\n/a.yaml:1:1: error: ...`). Such entries are refused and only ever printed escaped.
public enum EntryName {
    /// What is wrong with a name; its description completes "an entry whose name ...".
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        case empty
        case dotOrDotDot
        case gitDirectory
        case slash
        case invalidUTF8
        case controlCharacter(UInt32)

        public var description: String {
            switch self {
            case .empty: return "is empty"
            case .dotOrDotDot: return "is '.' or '..'"
            case .gitDirectory: return "is '.git' (in some letter case)"
            case .slash: return "contains a slash"
            case .invalidUTF8: return "is not valid UTF-8"
            case .controlCharacter(let scalar): return "contains the control character \(hex(scalar))"
            }
        }
    }

    /// The problem with one component given as raw bytes (a tree entry name), or nil when it is fine.
    public static func problem(bytes: [UInt8]) -> Problem? {
        let name = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid sequences with U+FFFD, so a round trip that changes the
        // bytes means they were not UTF-8 (two such names could decode to one path).
        guard name.utf8.elementsEqual(bytes) else { return .invalidUTF8 }
        return problem(name)
    }

    /// The problem with one path component, or nil when it is fine.
    public static func problem(_ name: String) -> Problem? {
        if name.isEmpty { return .empty }
        if name == "." || name == ".." { return .dotOrDotDot }
        if name.lowercased() == ".git" { return .gitDirectory }
        if name.contains("/") { return .slash }
        if let scalar = name.unicodeScalars.first(where: isUnsafe) { return .controlCharacter(scalar.value) }
        return nil
    }

    /// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators: anything a
    /// terminal, a log viewer or a CI annotation parser could take as the end of a line.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// `text` with backslashes doubled and every unsafe scalar written as a Swift escape
    /// (`\n`, `\t`, `\r`, `\0`, `\u{7F}`), so it prints as exactly one line and two different
    /// names never print alike.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            case _ where isUnsafe(scalar): result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
