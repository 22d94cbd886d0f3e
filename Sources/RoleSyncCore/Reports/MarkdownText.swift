/// Text from the repository or AWS (file and manifest names, tag values, reasons) made inert
/// for a pull-request comment: nothing in it can open an HTML tag, end a table cell, start a
/// new line or turn into emphasis, links or code. GitHub, GitLab and Bitbucket all decode
/// character references in text, so the reviewer still reads the original characters.
enum MarkdownText {
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            // A pipe ends a table cell even inside code spans; the reference does not.
            case "|": escaped += "&#124;"
            // Inline markup. Line-start markup (`#`, `-`, `1.`, `=`) cannot apply: the renderers
            // never put repository text at the start of a line.
            case "\\", "`", "*", "_", "[", "]", "!", "~", "$":
                escaped += "\\" + String(scalar)
            default:
                // Line and paragraph separators, tabs and other controls would end a row or a list item.
                if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    escaped += " "
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }

    /// An escaped value, or an en dash for nothing.
    static func cell(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "–" }
        return escape(text)
    }

    /// The size a comment limit counts. UTF-8 bytes are never fewer than characters, so a
    /// comment within the limit in bytes is within it however the forge counts.
    static func size(_ text: String) -> Int { text.utf8.count }
}
