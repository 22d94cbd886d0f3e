/// Plans and drift for terminals: counts first, then one table per drift kind, then actions.
public enum TextReport {
    public static func render(_ plan: Plan, colour: Bool = false) -> String {
        render(ReportContent(plan: plan), colour: colour)
    }

    public static func render(_ drift: DriftReport, colour: Bool = false) -> String {
        render(ReportContent(drift: drift), colour: colour)
    }

    static func render(_ content: ReportContent, colour: Bool) -> String {
        var sections = ["rolesync \(content.subject) at \(content.shortRevision): \(content.countsLine)"]
        if !content.failedTargets.isEmpty {
            let table = TextTable(header: ReportContent.failedTargetHeader, rows: content.failedTargets.map(ReportContent.row))
            let title = colour ? ANSI.red.wrap(content.failedTargetsTitle) : content.failedTargetsTitle
            sections.append(title + "\n" + table.render(colour: colour ? { _, _ in nil } : nil))
        }
        if content.items.isEmpty { sections.append("No drift.") }
        for (kind, items) in content.groups {
            let title = "\(kind.rawValue) (\(items.count)): \(kind.summary)"
            let table = TextTable(header: ReportContent.itemHeader, rows: items.map(ReportContent.row))
            sections.append((colour ? colourFor(kind).wrap(title) : title) + "\n" + table.render(colour: colour ? { _, _ in nil } : nil))
        }
        if let actions = content.actions {
            if actions.isEmpty {
                sections.append("No actions.")
            } else {
                let table = TextTable(header: ReportContent.actionHeader, rows: actions.map(ReportContent.row))
                let colours: ((Int, String) -> ANSI?)? = colour ? { column, value in column == 1 ? colourFor(status: value) : nil } : nil
                sections.append("actions (\(actions.count))\n" + table.render(colour: colours) + runbooks(actions))
            }
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    private static func runbooks(_ actions: [PlannedAction]) -> String {
        ReportContent.runbooks(actions).map { action in
            "\n\nrunbook for \(action.instanceId):\n" + (action.steps ?? []).enumerated()
                .map { "  \($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        }.joined()
    }

    static func colourFor(_ kind: DriftKind) -> ANSI {
        switch kind {
        case .exempt, .unmanaged: .cyan
        case .pending, .exemptionExpired, .userDataUninspected: .yellow
        case .launchConfiguration: .cyan
        default: .red
        }
    }

    static func colourFor(status: String) -> ANSI? {
        switch ActionStatus(rawValue: status) {
        case .planned: .cyan
        case .succeeded: .green
        case .blocked, .skipped: .yellow
        case .failed: .red
        case nil: nil
        }
    }
}
