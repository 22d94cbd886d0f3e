/// An HTML table whose every cell is escaped text; the header cells are buttons the page's
/// script sorts by.
enum HTMLTable {
    struct Row {
        var cells: [String]
        /// The drift kind, for the kind filter; nil for rows that are not findings.
        var kind: String?
    }

    static func render(id: String?, header: [String], rows: [Row]) -> String {
        let idAttribute = id.map { " id=\"\(HTMLText.escape($0))\"" } ?? ""
        let head = "<thead><tr>" + header.enumerated().map { column, label in
            id == nil ? "<th>\(HTMLText.escape(label))</th>"
                : "<th><button type=\"button\" data-column=\"\(column)\">\(HTMLText.escape(label))</button></th>"
        }.joined() + "</tr></thead>"
        var lines = ["<table\(idAttribute)>", head, "<tbody>"]
        lines.reserveCapacity(rows.count + 4)
        for row in rows {
            let kind = row.kind.map { " data-kind=\"\(HTMLText.escape($0))\"" } ?? ""
            lines.append("<tr\(kind)>" + row.cells.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>")
        }
        lines.append("</tbody></table>")
        return lines.joined(separator: "\n")
    }
}

/// Escaping for HTML text and double-quoted attribute values: the XML escapes, which HTML5
/// reads the same way.
enum HTMLText {
    static func escape(_ text: String) -> String { JUnitReport.xml(text) }
}
