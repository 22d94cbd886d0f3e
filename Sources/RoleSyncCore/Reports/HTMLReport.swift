/// Plans and drift as one self-contained HTML page for people who open reports from a CI
/// artifact, on a desk or a phone: the counts, charts of drift by kind and by region, and a
/// table of every finding that sorts on any column and filters by text and kind.
///
/// No external assets: styles, the charts (inline SVG) and the small script are in the page.
/// Every value from the repository or from AWS is escaped as HTML text or attribute, and the
/// script only reads the table, so no value can become markup or code. Without the script the
/// page is still complete, just not sortable. The table's state can be given in the address
/// (`report.html#q=us-west-2&kind=wrong&sort=2&desc=1`) so a link shows the same rows.
public enum HTMLReport {
    public static func render(_ plan: Plan) -> String { render(ReportContent(plan: plan)) }

    public static func render(_ drift: DriftReport) -> String { render(ReportContent(drift: drift)) }

    static func render(_ content: ReportContent) -> String {
        let title = "rolesync \(content.subject) at \(content.shortRevision)"
        var body = ["<header><h1>\(HTMLText.escape(title))</h1>",
                    "<p class=\"revision\">desired revision <code>\(HTMLText.escape(content.desiredRevision))</code></p></header>"]
        body.append(summary(content))
        if !content.failedTargets.isEmpty {
            body.append("<section class=\"failed\"><h2>\(HTMLText.escape(content.failedTargetsTitle))</h2>")
            body.append(HTMLTable.render(
                id: nil, header: ReportContent.failedTargetHeader.map { $0.lowercased() },
                rows: content.failedTargets.map { HTMLTable.Row(cells: ReportContent.row($0)) }))
            body.append("</section>")
        }
        body.append(charts(content))
        body.append(findings(content))
        if let actions = content.actions {
            for action in ReportContent.runbooks(actions) {
                body.append("<section><h3>Runbook for \(HTMLText.escape(action.instanceId))</h3>\n<ol>"
                            + (action.steps ?? []).map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ol></section>")
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title))</title>
            <style>\(HTMLPageAssets.style)</style>
            </head><body>
            \(body.joined(separator: "\n"))
            <script>\(HTMLPageAssets.script)</script>
            </body></html>

            """
    }

    /// The counts as a definition list, each value marked with what it counts.
    private static func summary(_ content: ReportContent) -> String {
        let entries = content.counts.map { count in
            "<div><dt>\(HTMLText.escape(count.label))</dt><dd data-count=\"\(HTMLText.escape(count.label))\">\(count.value)</dd></div>"
        }
        return "<section><h2>Summary</h2><dl class=\"summary\">" + entries.joined() + "</dl></section>"
    }

    private static func charts(_ content: ReportContent) -> String {
        guard !content.items.isEmpty else { return "<p>No drift.</p>" }
        let byKind = content.groups.map { (label: $0.kind.rawValue, value: $0.items.count) }
        var regions: [String: Int] = [:]
        for item in content.items where item.kind.isDrift { regions[item.region, default: 0] += 1 }
        let byRegion = regions.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { (label: $0.key, value: $0.value) }
        return "<section class=\"charts\">"
            + HTMLChart.bars(title: "Findings by kind", id: "by-kind", bars: byKind)
            + HTMLChart.bars(title: "Drift by region", id: "by-region", bars: byRegion)
            + "</section>"
    }

    /// One row per finding, with the action planned for (or taken on) its instance.
    private static func findings(_ content: ReportContent) -> String {
        guard !content.items.isEmpty || !(content.actions ?? []).isEmpty else { return "" }
        var actionsByInstance: [String: PlannedAction] = [:]
        // A launch template's action is manual (blocked): it is the one its items call for.
        for action in content.actions ?? [] where action.type != .manual || action.subject != nil {
            actionsByInstance[action.account + "/" + action.region + "/" + action.instanceId] = action
        }
        var header = ["instance", "account", "region", "kind", "desired", "actual"]
        if content.actions != nil { header += ["action", "status"] }
        header += ["source", "reason", "cause"]
        let rows = content.items.map { item -> HTMLTable.Row in
            var cells = [item.instanceId, item.account, item.region, item.kind.rawValue, item.desired ?? "-", item.actual ?? "-"]
            if content.actions != nil {
                let action = actionsByInstance[item.account + "/" + item.region + "/" + item.instanceId]
                    .flatMap { $0.resolves(item.kind) ? $0 : nil }
                cells += [action.map(ReportContent.actionType) ?? "-", action?.status.rawValue ?? "-"]
            }
            cells += [item.source?.description ?? "-", item.reason ?? "-", ReportContent.cause(item)]
            return HTMLTable.Row(cells: cells, kind: item.kind.rawValue)
        }
        let kinds = content.groups.map { "<option value=\"\(HTMLText.escape($0.kind.rawValue))\">\(HTMLText.escape($0.kind.rawValue)) (\($0.items.count))</option>" }
        return """
            <section><h2>Instances</h2>
            <div class="filters"><label>Filter <input id="q" type="search" placeholder="instance, region, profile…"></label>
            <label>Kind <select id="kind"><option value="">all</option>\(kinds.joined())</select></label>
            <span>showing <output id="shown" data-total="\(rows.count)">\(rows.count) of \(rows.count)</output></span></div>
            <div class="scroll">\(HTMLTable.render(id: "instances", header: header, rows: rows))</div>
            </section>
            """
    }
}

private extension PlannedAction {
    /// Whether this role action is the one a finding of `kind` calls for (not a credentials
    /// finding on the same instance, which gets its own manual action).
    func resolves(_ kind: DriftKind) -> Bool {
        subject != nil || ![.embeddedCredentials, .userDataUninspected].contains(kind)
    }
}
