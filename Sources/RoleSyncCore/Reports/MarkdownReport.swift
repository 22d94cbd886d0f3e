import Foundation

/// Plans and drift for pull-request comments: a summary table, one table per drift kind, the
/// actions, and each manual runbook folded in a `<details>` block.
public enum MarkdownReport {
    public static func render(_ plan: Plan) -> String {
        render(ReportContent(plan: plan))
    }

    public static func render(_ drift: DriftReport) -> String {
        render(ReportContent(drift: drift))
    }

    static func render(_ content: ReportContent) -> String {
        var sections = ["### rolesync \(content.subject) at `\(content.shortRevision)`"]
        sections.append(table(
            header: content.counts.map(\.label), rows: [content.counts.map { String($0.value) }],
            alignRight: true))
        if !content.failedTargets.isEmpty {
            sections.append("#### \(content.failedTargetsTitle)")
            sections.append(table(
                header: ["account", "region", "reason"], rows: content.failedTargets.map(ReportContent.row)))
        }
        if content.items.isEmpty { sections.append("No drift.") }
        for (kind, items) in content.groups {
            sections.append("#### \(kind.rawValue) (\(items.count))\n\n_\(kind.summary)_")
            sections.append(table(
                header: ["instance", "account", "region", "desired", "actual", "source", "reason", "cause"],
                rows: items.map { item in
                    [code(item.instanceId), item.account, item.region, code(item.desired), code(item.actual),
                     code(item.source?.description), item.reason ?? "–", ReportContent.cause(item)]
                }))
        }
        if let actions = content.actions {
            sections.append("#### actions (\(actions.count))")
            if actions.isEmpty {
                sections.append("No actions.")
            } else {
                sections.append(table(
                    header: ["type", "status", "instance", "account", "region", "profile", "reason"],
                    rows: actions.map { action in
                        let row = ReportContent.row(action)
                        return [row[0], "**\(row[1])**", code(row[2]), row[3], row[4], code(action.profile), row[6] == "-" ? "–" : row[6]]
                    }))
            }
            for action in ReportContent.runbooks(actions) {
                let steps = (action.steps ?? []).enumerated().map { "\($0.offset + 1). \($0.element)" }
                sections.append("<details><summary>Runbook for <code>\(action.instanceId)</code></summary>\n\n"
                                + steps.joined(separator: "\n") + "\n\n</details>")
            }
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    private static func table(header: [String], rows: [[String]], alignRight: Bool = false) -> String {
        let rule = header.map { _ in alignRight ? "---:" : "---" }
        return ([header, rule] + rows).map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
            .joined(separator: "\n")
    }

    /// Inline code for identifiers, an en dash for nothing.
    private static func code(_ text: String?) -> String {
        guard let text, text != "-" else { return "–" }
        return "`\(text)`"
    }

    /// Pipes end a cell and newlines end a row: escape the one, flatten the other.
    private static func escape(_ cell: String) -> String {
        cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
