import Foundation
import Testing
@testable import RoleSyncCore

/// One row of the differ table: a manifest, the instance `i-1` (run both running and stopped),
/// and the drift kinds expected for it.
struct DifferCase: Sendable, CustomTestStringConvertible {
    var name: String
    var assignments: [InstanceRoleAssignment] = []
    var exemptions: [Exemption] = []
    var policy = ReconcilePolicy()
    var target = Fixture.east
    var tags: [String: String] = [:]
    var attached: String?
    var associationState: AssociationState = .associated
    var findings: [CredentialFinding] = []
    var expected: [DriftKind]
    /// The `desired` field of the first expected item, when the row checks it.
    var desired: String?
    var testDescription: String { name }

    static func id(_ profile: String, line: Int = 3) -> InstanceRoleAssignment { .id(profile, line: line) }

    static func tag(_ profile: String, line: Int = 10) -> InstanceRoleAssignment { .tag(profile, line: line) }
}

extension InstanceRoleAssignment {
    /// Selects `i-1` by id.
    static func id(_ profile: String, line: Int = 3) -> InstanceRoleAssignment {
        Fixture.assignment("by-id-\(profile)-\(line)", ids: ["i-1"], profile: profile, line: line)
    }

    /// Selects `team=payments` by tag.
    static func tag(_ profile: String, line: Int = 10) -> InstanceRoleAssignment {
        Fixture.assignment("by-tag-\(profile)-\(line)", tags: ["team": "payments"], profile: profile, line: line)
    }
}

let differCases: [DifferCase] = [
    DifferCase(name: "missing", assignments: [.id("web")], expected: [.missing], desired: Fixture.profileArn("web")),
    DifferCase(name: "in sync by name", assignments: [.id("web")], attached: "web", expected: []),
    DifferCase(name: "in sync by ARN", assignments: [.id(Fixture.profileArn("web"))], attached: "web", expected: []),
    DifferCase(name: "wrong", assignments: [.id("web")], attached: "db", expected: [.wrong]),
    DifferCase(name: "roleless actual is just wrong", assignments: [.id("web")], attached: "empty", expected: [.wrong]),
    DifferCase(name: "unexpected", assignments: [.id("none")], attached: "web", expected: [.unexpected], desired: "none"),
    DifferCase(name: "none and none is in sync", assignments: [.id("none")], expected: []),
    DifferCase(name: "profile not found", assignments: [.id("ghost")], expected: [.profileNotFound], desired: "ghost"),
    DifferCase(name: "profile only in another account", assignments: [.id("db")], target: Fixture.eastB,
               expected: [.profileNotFound]),
    DifferCase(name: "profile without role", assignments: [.id("empty")], expected: [.profileWithoutRole]),
    DifferCase(name: "profile without role already attached", assignments: [.id("empty")], attached: "empty",
               expected: [.profileWithoutRole]),
    DifferCase(name: "associating is pending", assignments: [.id("web")], attached: "db",
               associationState: .associating, expected: [.pending]),
    DifferCase(name: "disassociating is pending", assignments: [.id("none")], attached: "web",
               associationState: .disassociating, expected: [.pending]),
    DifferCase(name: "disassociated record is no attachment", assignments: [.id("web")], attached: "db",
               associationState: .disassociated, expected: [.missing]),
    DifferCase(name: "two ids with different profiles conflict", assignments: [.id("web", line: 3), .id("db", line: 9)],
               expected: [.conflict], desired: "web, db"),
    DifferCase(name: "two tags with different profiles conflict", assignments: [.tag("web", line: 3), .tag("db", line: 9)],
               tags: ["team": "payments"], expected: [.conflict]),
    DifferCase(name: "id outranks tags", assignments: [.tag("db", line: 1), .id("web", line: 20)],
               tags: ["team": "payments"], attached: "web", expected: []),
    DifferCase(name: "same profile twice is fine", assignments: [.id("web", line: 3), .id(Fixture.profileArn("web"), line: 9)],
               expected: [.missing]),
    DifferCase(name: "tags must all match", assignments: [
        Fixture.assignment("two-tags", tags: ["team": "payments", "env": "prod"], profile: "web", line: 3)],
               tags: ["team": "payments", "env": "dev"], expected: [.unmanaged]),
    DifferCase(name: "assignment regions exclude", assignments: [
        Fixture.assignment("west", ids: ["i-1"], profile: "web", line: 3, regions: ["us-west-2"])],
               expected: [.unmanaged]),
    DifferCase(name: "policy regions exclude", assignments: [.id("web")],
               policy: ReconcilePolicy(regions: ["us-west-2"]), expected: [.unmanaged]),
    DifferCase(name: "assignment regions override the policy", assignments: [
        Fixture.assignment("east", ids: ["i-1"], profile: "web", line: 3, regions: ["us-east-1"])],
               policy: ReconcilePolicy(regions: ["us-west-2"]), expected: [.missing]),
    DifferCase(name: "assignment accounts exclude", assignments: [
        Fixture.assignment("b-only", ids: ["i-1"], profile: "web", line: 3, accounts: [Fixture.accountB])],
               expected: [.unmanaged]),
    DifferCase(name: "policy accounts exclude", assignments: [.id("web")],
               policy: ReconcilePolicy(accounts: [AccountTarget(id: Fixture.accountB)]), expected: [.unmanaged]),
    DifferCase(name: "unmanaged ignored", policy: ReconcilePolicy(unmanaged: .ignore), expected: []),
    DifferCase(name: "exempt while active", assignments: [.id("web")],
               exemptions: [Fixture.exemption("vendor", ids: ["i-1"], expires: "2026-06-15")], expected: [.exempt]),
    DifferCase(name: "expired exemption is reported and the drift too", assignments: [.id("web")],
               exemptions: [Fixture.exemption("vendor", ids: ["i-1"], expires: "2026-06-14")],
               expected: [.exemptionExpired, .missing]),
    DifferCase(name: "protected instances are diffed", assignments: [.id("web")],
               policy: ReconcilePolicy(protect: InstanceSelector(tags: ["rolesync.dev/protect": "true"])),
               tags: ["rolesync.dev/protect": "true"], expected: [.missing]),
    DifferCase(name: "embedded keys beside role drift", assignments: [.id("web")],
               findings: [Fixture.finding("i-1")], expected: [.embeddedCredentials, .missing]),
    DifferCase(name: "embedded keys on an in-sync instance", assignments: [.id("web")], attached: "web",
               findings: [Fixture.finding("i-1")], expected: [.embeddedCredentials]),
]

@Test(arguments: differCases, [InstanceState.running, .stopped])
func differReportsTheExpectedKinds(_ row: DifferCase, state: InstanceState) {
    let instance = Fixture.instance(
        "i-1", state, target: row.target, tags: row.tags, profile: row.attached, associationState: row.associationState)
    let findings = row.findings.map { finding -> CredentialFinding in
        var moved = finding
        moved.target = row.target
        return moved
    }
    let report = Differ.diff(
        desired: Fixture.desired(row.assignments, exemptions: row.exemptions, policy: row.policy),
        inventory: Fixture.inventory([instance], findings: findings), now: Fixture.now)
    #expect(report.items.map(\.kind) == row.expected)
    #expect(report.items.allSatisfy { $0.instanceId == "i-1" && $0.target == row.target })
    if let desired = row.desired {
        #expect(report.items.first?.desired == desired)
    }
    #expect(report.resolutions.count == 1)
    #expect(report.resolutions.first?.state == state)
}

@Test(arguments: [InstanceState.pending, .shuttingDown, .terminated, .stopping])
func differSkipsInstancesOutsideRunningAndStopped(_ state: InstanceState) {
    let report = Differ.diff(
        desired: Fixture.desired([DifferCase.id("web")]),
        inventory: Fixture.inventory([Fixture.instance("i-1", state)], findings: [Fixture.finding("i-1")]),
        now: Fixture.now)
    #expect(report.items.isEmpty)
    #expect(report.resolutions.isEmpty)
    #expect(report.summary == DriftSummary(instances: 0, inSync: 0, drifted: 0))
}
