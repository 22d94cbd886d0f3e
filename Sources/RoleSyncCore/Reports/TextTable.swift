import Foundation

/// Fixed-width columns for terminals: widths from the widest cell, two spaces between columns,
/// no trailing spaces. Colour wraps a padded cell, so escapes never disturb the alignment.
struct TextTable {
    var header: [String]
    var rows: [[String]]

    /// - Parameter colour: an ANSI code for a cell (`column`, `value`), or nil for plain.
    func render(indent: String = "  ", colour: ((Int, String) -> ANSI?)? = nil) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.enumerated().map { rowIndex, row in
            let cells = row.enumerated().map { column, value -> String in
                let padded = column == row.count - 1 ? value : value.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                guard rowIndex > 0, let code = colour?(column, value) else { return padded }
                return code.wrap(padded)
            }
            let line = cells.joined(separator: "  ")
            return indent + (rowIndex == 0 && colour != nil ? ANSI.bold.wrap(line) : line)
        }.joined(separator: "\n")
    }
}

/// The few terminal colours reports use.
enum ANSI: String {
    case bold = "1"
    case red = "31"
    case green = "32"
    case yellow = "33"
    case cyan = "36"

    func wrap(_ text: String) -> String { "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" }
}
