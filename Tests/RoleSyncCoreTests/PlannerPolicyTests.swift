import Foundation
import Testing
@testable import RoleSyncCore

/// Five instances missing their profile, one of them protected.
private func fiveMissing(maxChanges: Int, override: Int?, protectOne: Bool = false) -> Plan {
    let instances = (1...5).map { Fixture.instance("i-\($0)", tags: ["team": "payments", "n": "\($0)"]) }
    let protect = protectOne ? InstanceSelector(tags: ["n": "5"]) : nil
    let desired = Fixture.desired([DifferCase.tag("web")], policy: ReconcilePolicy(maxChanges: maxChanges, protect: protect))
    let inventory = Fixture.inventory(instances)
    return Planner.plan(drift: Differ.diff(desired: desired, inventory: inventory, now: Fixture.now),
                        desired: desired, inventory: inventory, options: PlanOptions(maxChanges: override))
}

struct MaxChangesCase: Sendable, CustomTestStringConvertible {
    var policy: Int
    var override: Int?
    var protectOne = false
    var planned: Int
    var blockedReason: String?
    var testDescription: String { "policy \(policy), override \(override.map(String.init) ?? "none"), protect \(protectOne)" }
}

@Test(arguments: [
    MaxChangesCase(policy: 5, override: nil, planned: 5),
    MaxChangesCase(policy: 4, override: nil, planned: 0,
                   blockedReason: "plan has 5 changes, over maxChanges 4; raise with --max-changes"),
    MaxChangesCase(policy: 4, override: 10, planned: 5),
    MaxChangesCase(policy: 50, override: 2, planned: 0,
                   blockedReason: "plan has 5 changes, over maxChanges 2; raise with --max-changes"),
    MaxChangesCase(policy: 4, override: nil, protectOne: true, planned: 4),
])
func maxChangesBlocksEveryMutationOrNone(_ row: MaxChangesCase) {
    let plan = fiveMissing(maxChanges: row.policy, override: row.override, protectOne: row.protectOne)
    #expect(plan.actions.count == 5)
    #expect(plan.mutations.count == row.planned)
    #expect(plan.summary.actions == row.planned)
    #expect(plan.summary.blocked == 5 - row.planned)
    if let reason = row.blockedReason {
        #expect(plan.actions.allSatisfy { $0.status == .blocked && $0.reason == reason })
    }
}

@Test func embeddedCredentialsGetTheRelaunchRunbook() throws {
    let instance = Fixture.instance(
        "i-1", tags: ["aws:ec2launchtemplate:id": "lt-0abc", "aws:autoscaling:groupName": "web-asg"],
        profile: "web", privateIp: "10.0.1.17", publicIp: "54.12.3.4")
    let desired = Fixture.desired([DifferCase.id("web")], policy: ReconcilePolicy(mode: .observe))
    let inventory = Fixture.inventory([instance], findings: [Fixture.finding("i-1", line: 12)])
    let plan = Planner.plan(drift: Differ.diff(desired: desired, inventory: inventory, now: Fixture.now),
                            desired: desired, inventory: inventory)
    let action = try #require(plan.actions.first)
    #expect(plan.actions.count == 1)
    #expect(action.type == .manual)
    #expect(action.status == .planned, "manual work is never blocked: it mutates nothing")
    #expect(action.reason == "AWS keys embedded in the instance: AKIA…WXYZ (access-key-id at user-data:12)")
    let steps = try #require(action.steps)
    #expect(steps.first?.hasPrefix("Deactivate and rotate the exposed keys first") == true)
    #expect(steps.contains { $0.contains("identical to i-1") && $0.contains(Fixture.profileArn("web")) })
    #expect(steps.contains { $0.hasPrefix("Stop both") })
    #expect(steps.contains { $0.contains("private IP 10.0.1.17") && $0.contains("AMI") })
    #expect(steps.contains { $0.contains("54.12.3.4") && $0.contains("Elastic IP") })
    #expect(steps.contains { $0.contains("launch template lt-0abc") })
    #expect(steps.contains { $0.contains("Auto Scaling group web-asg") })
}

@Test func runbookLeavesOutWhatDoesNotApply() {
    let steps = RelaunchRunbook.steps(
        instanceId: "i-1", findings: ["AKIA…WXYZ (user-data:3)"], instance: Fixture.instance("i-1"), profile: nil)
    #expect(!steps.contains { $0.contains("Elastic IP") })
    #expect(!steps.contains { $0.contains("launch template") || $0.contains("Auto Scaling") })
    #expect(steps.contains { $0.contains("an instance profile whose role has the permissions it needs") })
}
