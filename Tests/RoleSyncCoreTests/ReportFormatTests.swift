import Foundation
import Testing
@testable import RoleSyncCore

private func stripANSI(_ text: String) -> String {
    text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
}

@Test func colourAddsEscapesWithoutMovingColumns() {
    let plain = TextReport.render(ReportSample.plan)
    let coloured = TextReport.render(ReportSample.plan, colour: true)
    #expect(coloured != plain)
    #expect(coloured.contains("\u{1B}[33mblocked"))
    #expect(stripANSI(coloured) == plain)
}

@Test func emptyPlanSaysSo() {
    let desired = Fixture.desired([])
    let inventory = Fixture.inventory([])
    let plan = Planner.plan(drift: Differ.diff(desired: desired, inventory: inventory, now: Fixture.now),
                            desired: desired, inventory: inventory)
    #expect(TextReport.render(plan) == """
        rolesync plan at 4f2a9c1: 0 instances, 0 in sync, 0 drifted, 0 actions, 0 blocked

        No drift.

        No actions.

        """)
}

@Test func driftJSONHasTheDocumentedShape() throws {
    let data = JSONReport.render(ReportSample.drift)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(Set(object.keys) == ["schemaVersion", "desiredRevision", "summary", "drift"])
    let decoded = try RoleSyncJSON.decoder().decode(JSONReport.DriftDocument.self, from: data)
    #expect(decoded.drift == ReportSample.drift.items)
    #expect(decoded.summary == ReportSample.drift.summary)
}

@Test func sarifHasOneRulePerKindAndLocatesResults() throws {
    var drift = ReportSample.drift
    drift.items.append(DriftItem(instanceId: "i-0e5", target: Fixture.east, kind: .embeddedCredentials,
                                 actual: "AKIA…WXYZ", reason: "access-key-id at user-data:3"))
    let object = try #require(try JSONSerialization.jsonObject(with: SARIFReport.render(drift)) as? [String: Any])
    #expect(object["version"] as? String == "2.1.0")
    let run = try #require((object["runs"] as? [[String: Any]])?.first)
    let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
    #expect(rules.compactMap { $0["id"] as? String } == DriftKind.allCases.map(\.rawValue))
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == drift.items.count)
    for result in results {
        let index = try #require(result["ruleIndex"] as? Int)
        #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
    }
    let first = try #require((results.first?["locations"] as? [[String: Any]])?.first)
    let physical = try #require(first["physicalLocation"] as? [String: Any])
    #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "teams/app.yaml")
    #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 5)
    let credentials = try #require(results.first { $0["ruleId"] as? String == "embedded-credentials" })
    let location = try #require((credentials["locations"] as? [[String: Any]])?.first)
    #expect(location["physicalLocation"] == nil, "no manifest line to point at")
}

@Test func junitCountsFailuresAndSkipsAndEscapes() {
    var drift = ReportSample.drift
    drift.resolutions.append(Resolution(instanceId: "i-0e5", target: Fixture.east, state: .running, kind: .exempt))
    drift.items.append(DriftItem(instanceId: "i-0e5", target: Fixture.east, kind: .exempt, reason: "vendor <appliance> & \"co\""))
    let xml = JUnitReport.render(drift)
    #expect(xml.contains(#"<testsuite name="rolesync drift" tests="5" failures="3" skipped="1" errors="0">"#))
    #expect(xml.contains("vendor &lt;appliance&gt; &amp; &quot;co&quot;"))
    #expect(xml.components(separatedBy: "<testcase ").count - 1 == 5)
}

@Test func manualRunbookIsFoldedInMarkdownAndListedInHTML() {
    let desired = Fixture.desired([.id("web")])
    let inventory = Fixture.inventory([Fixture.instance("i-1", profile: "web", privateIp: "10.0.0.9")],
                                      findings: [Fixture.finding("i-1")])
    let plan = Planner.plan(drift: Differ.diff(desired: desired, inventory: inventory, now: Fixture.now),
                            desired: desired, inventory: inventory)
    let markdown = MarkdownReport.render(plan)
    #expect(markdown.contains("<details><summary>Runbook for <code>i-1</code></summary>\n\n1. Deactivate and rotate"))
    #expect(markdown.contains("private IP 10.0.0.9"))
    let html = HTMLReport.render(plan)
    #expect(html.contains("<h3>Runbook for i-1</h3>"))
    #expect(html.contains("<li>Stop both i-1 and the new instance.</li>"))
    #expect(TextReport.render(plan).contains("runbook for i-1:\n  1. Deactivate and rotate"))
}
