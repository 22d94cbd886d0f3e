import Foundation
import Testing
@testable import RoleSyncCore

/// The review of `plan --base`: each kind of manifest change, the instances it moves, its risks.
struct DesiredChangeTests {
    typealias F = ReviewFixture
    static let policy = ["policy.yaml": F.policy()]

    @Test func profileChangeNamesTheFieldLineAndTheInstancesItMoves() throws {
        let base = Self.policy.merging(["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "web")]) { $1 }
        let head = Self.policy.merging(["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "db")]) { $1 }
        let plan = try F.review(base: base, head: head, instances: F.web(2) + [Fixture.instance("i-0000ffff", profile: "web")])

        let change = try #require(plan.reviewed.manifests.first)
        #expect(plan.reviewed.manifests.count == 1)
        #expect(change.key == "InstanceRoleAssignment/web")
        #expect(change.fields == [FieldChange(field: "instanceProfile", from: "web", to: "db", source: SourceLocation(file: "web.yaml", line: 7, column: 3))])
        #expect(plan.reviewed.instances.map(\.instanceId) == ["i-00000001", "i-00000002"])
        #expect(plan.reviewed.instances.allSatisfy { $0.from == "web" && $0.to == "db" && $0.causes == [change.key] })
        #expect(plan.actions.map(\.instanceId) == ["i-00000001", "i-00000002"])
        #expect(plan.summary == PlanSummary(instances: 2, inSync: 0, drifted: 2, actions: 2, blocked: 0))
        #expect(plan.riskKinds.isEmpty)
    }

    @Test func aSelectorThatMatchesManyMoreInstancesIsARisk() throws {
        let base = Self.policy.merging(["web.yaml": F.assignment("web", selector: "{instanceIds: [i-00000001]}", profile: "web")]) { $1 }
        let head = Self.policy.merging(["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "web")]) { $1 }
        let plan = try F.review(base: base, head: head, instances: F.web(3, profile: nil))

        #expect(plan.riskKinds == ["selector-widened"])
        #expect(plan.reviewed.risks[0].source?.description == "web.yaml:6")
        #expect(plan.reviewed.instances.map { "\($0.instanceId) \($0.from)→\($0.to)" } == ["i-00000002 unmanaged→web", "i-00000003 unmanaged→web"])
        #expect(plan.reviewed.mutations == 2)
    }

    @Test func anAddedAssignmentOverFiftyInstancesIsARiskAndOverMaxChangesToo() throws {
        let head = Self.policy.merging(["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "web")]) { $1 }
        let plan = try F.review(base: Self.policy, head: head, instances: F.web(60, profile: nil))

        #expect(plan.reviewed.manifests.map(\.change) == [.added])
        #expect(plan.riskKinds == ["over-max-changes", "selector-widened"])
        #expect(plan.reviewed.mutations == 60 && plan.reviewed.maxChanges == 50)
        #expect(plan.summary.blocked == 60)
    }

    @Test func aRemovedAssignmentLeavesItsInstancesUnmanaged() throws {
        let base = Self.policy.merging([
            "web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "web"),
            "db.yaml": F.assignment("db", selector: "{instanceIds: [i-0000dbdb]}", profile: "db"),
        ]) { $1 }
        let head = Self.policy.merging(["db.yaml": F.assignment("db", selector: "{instanceIds: [i-0000dbdb]}", profile: "db")]) { $1 }
        let plan = try F.review(base: base, head: head, instances: F.web(2) + [Fixture.instance("i-0000dbdb", profile: "db")])

        #expect(plan.reviewed.manifests.map { "\($0.key) \($0.change)" } == ["InstanceRoleAssignment/web removed"])
        #expect(plan.reviewed.instances.allSatisfy { $0.becomesUnmanaged })
        #expect(plan.reviewed.instances.map(\.instanceId) == ["i-00000001", "i-00000002"])
        #expect(plan.actions.isEmpty, "removing an assignment never strips a role")
        #expect(plan.riskKinds.isEmpty)
    }

    @Test func settingNoneStripsProfilesAndIsCalledOut() throws {
        let base = Self.policy.merging(["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "web")]) { $1 }
        let head = Self.policy.merging(["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "none")]) { $1 }
        let plan = try F.review(base: base, head: head, instances: F.web(2))

        #expect(plan.riskKinds == ["strips-profile"])
        #expect(plan.reviewed.risks[0].message.hasPrefix("2 instance(s)"))
        #expect(plan.actions.map(\.type) == [.disassociate, .disassociate])
    }

    @Test func anAddedExemptionStartsAndAnExpiredOneLapses() throws {
        let assignment = ["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "db")]
        let base = Self.policy.merging(assignment) { $1 }
        let exempted = base.merging(["ex.yaml": F.exemption("vendor", ids: ["i-00000001"], expires: "2099-12-31")]) { $1 }
        let started = try F.review(base: base, head: exempted, instances: F.web(2))
        #expect(started.reviewed.instances.map { "\($0.instanceId) \($0.exemptionStarts)" } == ["i-00000001 true"])
        #expect(started.riskKinds == ["exemption-changed"])

        let expired = base.merging(["ex.yaml": F.exemption("vendor", ids: ["i-00000001"], expires: "2020-01-01")]) { $1 }
        let lapsed = try F.review(base: exempted, head: expired, instances: F.web(2))
        #expect(lapsed.reviewed.instances.map { "\($0.instanceId) \($0.exemptionLapses)" } == ["i-00000001 true"])
        #expect(lapsed.reviewed.manifests[0].fields.map(\.field) == ["expires"])
        #expect(lapsed.reviewed.manifests[0].fields[0].source?.description == "ex.yaml:8")
        #expect(lapsed.actions.map(\.instanceId) == ["i-00000001"])
    }

    @Test(arguments: [
        ("mode: observe", "mode", 2), ("suspend: true", "suspend", 2), ("protect: {tags: {team: web}}", "protect", 2),
        ("accounts: [{id: \"111122223333\"}]", "accounts", 0),
    ])
    func guardedPolicyFieldsAreRisks(line: String, field: String, moved: Int) throws {
        let assignment = ["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "db")]
        let base = Self.policy.merging(assignment) { $1 }
        let head = ["policy.yaml": F.policy([line])].merging(assignment) { $1 }
        let plan = try F.review(base: base, head: head, instances: F.web(2))

        #expect(plan.riskKinds == ["policy-changed"], "\(plan.reviewed.risks)")
        #expect(plan.reviewed.manifests.map(\.key) == ["ReconcilePolicy/default"])
        #expect(plan.reviewed.manifests[0].fields.map(\.field) == [field])
        #expect(plan.reviewed.risks[0].source?.description == "policy.yaml:7")
        // Mode and suspend change whether the head's actions run, protect whether they may:
        // those instances are in the review. The same account named explicitly moves none.
        #expect(plan.reviewed.instances.count == moved)
    }

    @Test func policyRegionsChangeIsARisk() throws {
        let assignment = ["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "web")]
        let base = Self.policy.merging(assignment) { $1 }
        let head = ["policy.yaml": F.policy().replacingOccurrences(of: "[us-east-1]", with: "[us-east-1, us-west-2]")]
            .merging(assignment) { $1 }
        let plan = try F.review(base: base, head: head, instances: F.web(1))
        #expect(plan.riskKinds == ["policy-changed"])
        #expect(plan.reviewed.risks[0].message == "policy regions: [us-east-1] → [us-east-1, us-west-2]")
    }

    @Test func nothingChangedReviewsNothing() throws {
        let files = Self.policy.merging(["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "db")]) { $1 }
        let plan = try F.review(base: files, head: files, instances: F.web(3))
        #expect(plan.reviewed.manifests.isEmpty && plan.reviewed.instances.isEmpty && plan.reviewed.risks.isEmpty)
        #expect(plan.actions.isEmpty && plan.drift.isEmpty)
        #expect(plan.summary == PlanSummary(instances: 0, inSync: 0, drifted: 0, actions: 0, blocked: 0))
    }

    @Test func theReviewSurvivesAJSONRoundTrip() throws {
        let base = Self.policy.merging(["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "web")]) { $1 }
        let head = Self.policy.merging(["web.yaml": F.assignment("web", selector: "{tags: {team: web}}", profile: "db")]) { $1 }
        let plan = try F.review(base: base, head: head, instances: F.web(2))
        #expect(try Plan.decode(from: plan.encodeJSON()) == plan)
        let json = try #require(try JSONSerialization.jsonObject(with: plan.encodeJSON()) as? [String: Any])
        #expect(json["summary"] != nil && json["actions"] != nil && json["review"] != nil)
    }
}
