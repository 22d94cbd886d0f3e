import Foundation
import Testing
@testable import RoleSyncCore

/// Template drift is planned as blocked manual work, never as a change, whatever the limits.
@Suite("Launch template plans")
struct LaunchTemplatePlanTests {
    typealias F = Fixture

    static func plan(maxChanges: Int = 50) -> Plan {
        var inventory = F.inventory([F.instance("i-0a1", tags: ["team": "web"])])
        inventory.autoScalingGroups = [LaunchTemplateDifferTests.group("web-asg", tags: ["team": "web"])]
        let secret = SecretMatch(kind: .accessKeyId, redacted: "AKIA…WXYZ", location: "user-data:3", line: 3)
        inventory.launchTemplateVersions = [LaunchTemplateDifferTests.version(secrets: [secret])]
        var policy = ReconcilePolicy()
        policy.maxChanges = maxChanges
        let desired = F.desired([F.assignment("web", tags: ["team": "web"], profile: "web", line: 1)], policy: policy)
        let drift = Differ.diff(desired: desired, inventory: inventory, now: F.now)
        return Planner.plan(drift: drift, desired: desired, inventory: inventory)
    }

    @Test("one blocked manual action per template version, with the reason, beside the instance's action")
    func blockedTemplateAction() throws {
        let plan = Self.plan()
        let template = try #require(plan.actions.first { $0.subject != nil })
        #expect(plan.actions.filter { $0.subject != nil }.count == 1)
        #expect(template.type == .manual)
        #expect(template.status == .blocked)
        #expect(template.blockedBy == .launchTemplateRemediationDisabled)
        #expect(template.profile == F.profileArn("web"))
        let reason = try #require(template.reason)
        #expect(reason.hasPrefix("launch template remediation is not enabled: needs a new version naming \(F.profileArn("web"))"))
        #expect(reason.hasSuffix("; used by group web-asg"))
        #expect(reason.contains("template-missing-profile"))
        #expect(reason.contains("AKIA…WXYZ"))
        let instance = try #require(plan.actions.first { $0.subject == nil })
        #expect(instance.type == .associate)
        #expect(instance.status == .planned)
        #expect(plan.summary.actions == 1)
        #expect(plan.summary.blocked == 1)
        #expect(plan.mutations.count == 1)
        // The template's keys get no instance relaunch runbook.
        #expect(!plan.actions.contains { $0.type == .manual && $0.status == .planned })
    }

    @Test("template actions do not count toward maxChanges")
    func notCountedTowardMaxChanges() {
        let plan = Self.plan(maxChanges: 1)
        #expect(plan.actions.first { $0.subject == nil }?.status == .planned)
        #expect(BlastRadius.refusal(in: plan.actions) == nil)
    }

    @Test("JSON: instance items keep their shape; template items have a null instanceId and a subject, and round-trip")
    func json() throws {
        let plan = Self.plan()
        let object = try #require(JSONSerialization.jsonObject(with: plan.encodeJSON()) as? [String: Any])
        let drift = try #require(object["drift"] as? [[String: Any]])
        let instanceItem = try #require(drift.first { ($0["instanceId"] as? String) == "i-0a1" })
        #expect(Set(instanceItem.keys) == ["instanceId", "account", "region", "kind", "desired", "actual", "source", "reason"])
        let templateItem = try #require(drift.first { $0["kind"] as? String == "template-missing-profile" })
        #expect(templateItem["instanceId"] is NSNull)
        let subject = try #require(templateItem["subject"] as? [String: Any])
        #expect(subject["type"] as? String == "launch-template")
        #expect(subject["id"] as? String == "lt-0a")
        #expect(subject["version"] as? Int == 1)
        #expect(subject["groups"] as? [String] == ["web-asg"])
        let actions = try #require(object["actions"] as? [[String: Any]])
        let blocked = try #require(actions.first { $0["subject"] != nil })
        #expect(blocked["instanceId"] is NSNull)
        #expect((blocked["blockedBy"] as? [String: Any])?["kind"] as? String == "launch-template-remediation-disabled")
        #expect(try Plan.decode(from: plan.encodeJSON()) == plan)
    }

    @Test("every report format shows the template and never the key", arguments: ["text", "markdown", "html", "sarif", "junit"])
    func reports(format: String) {
        let plan = Self.plan()
        let drift = DriftReport(
            desiredRevision: plan.desiredRevision, summary: DriftSummary(instances: 1, inSync: 0, drifted: 1),
            items: plan.drift, resolutions: [])
        let text: String = switch format {
        case "text": TextReport.render(plan)
        case "markdown": MarkdownReport.render(plan)
        case "html": HTMLReport.render(plan)
        case "sarif": String(decoding: SARIFReport.render(drift), as: UTF8.self)
        default: JUnitReport.render(drift)
        }
        #expect(text.contains("launch-template lt-0a (lt-0a-name) version 1"), "\(format)")
        #expect(text.contains("template-missing-profile"), "\(format)")
        #expect(text.contains("AKIA…WXYZ"), "\(format)")
        // No runbook heading for the template: it has no steps.
        #expect(!text.lowercased().contains("runbook for launch-template"), "\(format)")
    }
}
