/// Plans and drift as one self-contained HTML page (no scripts, no external assets), for
/// people who open reports from a CI artifact.
public enum HTMLReport {
    public static func render(_ plan: Plan) -> String { render(ReportContent(plan: plan)) }

    public static func render(_ drift: DriftReport) -> String { render(ReportContent(drift: drift)) }

    static func render(_ content: ReportContent) -> String {
        let title = "rolesync \(content.subject) at \(content.shortRevision)"
        var body = ["<h1>\(escape(title))</h1>"]
        body.append(table(header: content.counts.map(\.label), rows: [content.counts.map { String($0.value) }]))
        if content.items.isEmpty { body.append("<p>No drift.</p>") }
        for (kind, items) in content.groups {
            body.append("<h2 class=\"\(kind.rawValue)\">\(kind.rawValue) (\(items.count))</h2>")
            body.append("<p>\(escape(kind.summary))</p>")
            body.append(table(header: ReportContent.itemHeader.map { $0.lowercased() }, rows: items.map(ReportContent.row)))
        }
        if let actions = content.actions {
            body.append("<h2>actions (\(actions.count))</h2>")
            body.append(table(header: ReportContent.actionHeader.map { $0.lowercased() }, rows: actions.map(ReportContent.row)))
            for action in actions where action.type == .manual {
                body.append("<h3>Runbook for \(escape(action.instanceId))</h3>\n<ol>"
                            + (action.steps ?? []).map { "<li>\(escape($0))</li>" }.joined() + "</ol>")
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style>
            </head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    private static func table(header: [String], rows: [[String]]) -> String {
        let head = "<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        let cells = rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }
        return "<table>\n" + ([head] + cells).joined(separator: "\n") + "\n</table>"
    }

    private static func escape(_ text: String) -> String { JUnitReport.xml(text) }
}
