import Foundation
import Testing
@testable import RoleSyncCore

/// One row of the planner table, run for instance `i-1` both running and stopped.
struct PlannerCase: Sendable, CustomTestStringConvertible {
    var name: String
    var profile: String = "web"
    var attached: String?
    var associationState: AssociationState = .associated
    var tags: [String: String] = [:]
    var extraAssignments: [InstanceRoleAssignment] = []
    var exemptions: [Exemption] = []
    var policy = ReconcilePolicy()
    /// Nil: no action at all.
    var type: ActionType?
    var status: ActionStatus = .planned
    var reasonPrefix: String?
    var testDescription: String { name }
}

let plannerCases: [PlannerCase] = [
    PlannerCase(name: "in sync", attached: "web"),
    PlannerCase(name: "missing", type: .associate),
    PlannerCase(name: "wrong", attached: "db", type: .replace),
    PlannerCase(name: "unexpected", profile: "none", attached: "web", type: .disassociate),
    PlannerCase(name: "profile not found", profile: "ghost", type: .associate, status: .blocked,
                reasonPrefix: "profile-not-found: instance profile ghost not found in account 111122223333"),
    PlannerCase(name: "profile not found, attached other", profile: "ghost", attached: "web", type: .replace,
                status: .blocked, reasonPrefix: "profile-not-found"),
    PlannerCase(name: "profile without role", profile: "empty", type: .associate, status: .blocked,
                reasonPrefix: "profile-without-role: instance profile empty holds no role"),
    PlannerCase(name: "profile without role, attached already", profile: "empty", attached: "empty"),
    PlannerCase(name: "conflict", extraAssignments: [DifferCase.id("db", line: 50)], type: .associate,
                status: .blocked, reasonPrefix: "conflict: assignments"),
    PlannerCase(name: "protected", tags: ["rolesync.dev/protect": "true"],
                policy: ReconcilePolicy(protect: InstanceSelector(tags: ["rolesync.dev/protect": "true"])),
                type: .associate, status: .blocked, reasonPrefix: "protected by policy (tag rolesync.dev/protect=true)"),
    PlannerCase(name: "protected beats observe", tags: ["keep": "1"],
                policy: ReconcilePolicy(mode: .observe, protect: InstanceSelector(tags: ["keep": "1"])),
                type: .associate, status: .blocked, reasonPrefix: "protected by policy (tag keep=1)"),
    PlannerCase(name: "observe mode", attached: "db", policy: ReconcilePolicy(mode: .observe), type: .replace,
                status: .blocked, reasonPrefix: "observe mode"),
    PlannerCase(name: "suspended", profile: "none", attached: "web", policy: ReconcilePolicy(suspend: true),
                type: .disassociate, status: .blocked, reasonPrefix: "suspended"),
    PlannerCase(name: "pending", attached: "db", associationState: .associating),
    PlannerCase(name: "exempt", exemptions: [Fixture.exemption("vendor", ids: ["i-1"], expires: "2027-01-01")]),
    PlannerCase(name: "expired exemption acts again",
                exemptions: [Fixture.exemption("vendor", ids: ["i-1"], expires: "2026-01-01")], type: .associate),
    PlannerCase(name: "unmanaged", profile: "unused"),
]

@Test(arguments: plannerCases, [InstanceState.running, .stopped])
func plannerFollowsTheRemediationTable(_ row: PlannerCase, state: InstanceState) throws {
    // "unused" stands for "no assignment selects i-1".
    let main = row.profile == "unused" ? [] : [DifferCase.id(row.profile)]
    let desired = Fixture.desired(main + row.extraAssignments, exemptions: row.exemptions, policy: row.policy)
    let inventory = Fixture.inventory([Fixture.instance(
        "i-1", state, tags: row.tags, profile: row.attached, associationState: row.associationState)])
    let plan = Planner.plan(drift: Differ.diff(desired: desired, inventory: inventory, now: Fixture.now),
                            desired: desired, inventory: inventory)
    guard let type = row.type else {
        #expect(plan.actions.isEmpty)
        return
    }
    let action = try #require(plan.actions.first)
    #expect(plan.actions.count == 1)
    #expect(action.type == type)
    #expect(action.status == row.status)
    #expect(action.instanceId == "i-1" && action.account == Fixture.accountA && action.region == "us-east-1")
    if let prefix = row.reasonPrefix {
        #expect(action.reason?.hasPrefix(prefix) == true, "reason: \(action.reason ?? "nil")")
    } else {
        #expect(action.reason == nil)
    }
    #expect(action.strategy == (type == .replace ? (state == .running ? .replace : .disassociateAssociate) : nil))
    #expect(action.expected == row.attached.map {
        ExpectedAssociation(associationId: "iip-assoc-i-1", profileArn: Fixture.profileArn($0))
    })
    if type == .disassociate {
        #expect(action.profile == nil)
    } else if row.status == .planned {
        #expect(action.profile == Fixture.profileArn(row.profile))
    }
    #expect(plan.summary.actions == (row.status == .planned ? 1 : 0))
    #expect(plan.summary.blocked == (row.status == .blocked ? 1 : 0))
}
