import Foundation
import Testing
@testable import RoleSyncCore

/// Which change event explains which drift item (instances, launch template versions by id,
/// name or the groups launching from them, groups), and a drift report cut to what events name.
@Suite struct ChangeCausesTests {
    static let target = Target(account: "123456789012", region: "us-east-1")
    static let alice = ChangePrincipal(kind: .iamUser, arn: "arn:aws:iam::123456789012:user/alice")

    static func event(
        _ name: String, at time: String, instances: [String] = [], templates: [String] = [], groups: [String] = [],
        target: Target = target
    ) -> ChangeEvent {
        ChangeEvent(
            eventName: name, eventTime: time, account: target.account, region: target.region, principal: alice,
            instanceIds: instances, launchTemplates: templates, autoScalingGroups: groups)
    }

    static let template = DriftSubject.launchTemplate(id: "lt-0aaa", name: "web", version: 3, groups: ["web-asg", "web-canary"])

    @Test func anInstanceIsExplainedByTheNewestEventNamingItInItsOwnTarget() {
        let causes = ChangeCauses([
            Self.event("AssociateIamInstanceProfile", at: "2026-12-01T10:00:00Z", instances: ["i-0a1"]),
            Self.event("ReplaceIamInstanceProfileAssociation", at: "2026-12-01T11:00:00Z", instances: ["i-0a1"]),
            Self.event("DisassociateIamInstanceProfile", at: "2026-12-01T12:00:00Z", instances: ["i-0a1"],
                       target: Target(account: "210987654321", region: "us-east-1")),
        ])
        let item = DriftItem(instanceId: "i-0a1", target: Self.target, kind: .wrong)
        #expect(causes.cause(of: item)?.eventName == "ReplaceIamInstanceProfileAssociation")
        #expect(causes.cause(of: DriftItem(instanceId: "i-0b2", target: Self.target, kind: .wrong)) == nil)
        #expect(causes.targets.count == 2)
    }

    @Test(arguments: [
        (ChangeCausesTests.event("CreateLaunchTemplateVersion", at: "2026-12-01T10:00:00Z", templates: ["lt-0aaa"]), true),
        (ChangeCausesTests.event("ModifyLaunchTemplate", at: "2026-12-01T10:00:00Z", templates: ["web"]), true),
        (ChangeCausesTests.event("UpdateAutoScalingGroup", at: "2026-12-01T10:00:00Z", groups: ["web-canary"]), true),
        (ChangeCausesTests.event("UpdateAutoScalingGroup", at: "2026-12-01T10:00:00Z", groups: ["batch-asg"]), false),
        (ChangeCausesTests.event("ModifyLaunchTemplate", at: "2026-12-01T10:00:00Z", templates: ["lt-0aaa"],
                                 target: Target(account: "123456789012", region: "eu-west-1")), false),
    ])
    func aLaunchTemplateVersionIsExplainedByItsTemplateOrAGroupLaunchingFromIt(_ event: ChangeEvent, explains: Bool) {
        let item = DriftItem(subject: Self.template, target: Self.target, kind: .templateWrongProfile)
        #expect((ChangeCauses([event]).cause(of: item) != nil) == explains)
    }

    @Test func aTemplateNamedByTwoEventsTakesTheNewer() {
        let causes = ChangeCauses([
            Self.event("UpdateAutoScalingGroup", at: "2026-12-01T12:00:00Z", groups: ["web-asg"]),
            Self.event("ModifyLaunchTemplate", at: "2026-12-01T09:00:00Z", templates: ["lt-0aaa"]),
        ])
        let item = DriftItem(subject: Self.template, target: Self.target, kind: .templateMissingProfile)
        #expect(causes.cause(of: item)?.eventName == "UpdateAutoScalingGroup")
        let group = DriftItem(subject: .autoScalingGroup("web-asg"), target: Self.target, kind: .launchConfiguration)
        #expect(causes.cause(of: group)?.eventName == "UpdateAutoScalingGroup")
    }

    @Test func attributingCoversTemplateItemsAndLeavesUnnamedItemsWithoutACause() {
        let plan = Plan(
            desiredRevision: "r", planHash: "h", summary: PlanSummary(instances: 1, inSync: 0, drifted: 1, actions: 0, blocked: 0),
            drift: [
                DriftItem(instanceId: "i-0a1", target: Self.target, kind: .missing),
                DriftItem(subject: Self.template, target: Self.target, kind: .templateWrongProfile),
            ], actions: [])
        let attributed = plan.attributing([Self.event("ModifyLaunchTemplate", at: "2026-12-01T10:00:00Z", templates: ["web"])])
        #expect(attributed.drift.map { $0.cause?.eventName } == [nil, "ModifyLaunchTemplate"])
        #expect(attributed.planHash == plan.planHash)
    }

    @Test func aNarrowedReportKeepsOnlyWhatEventsNameCountedAgain() {
        let drift = ReportSample.drift
        let causes = ChangeCauses([Self.event("ReplaceIamInstanceProfileAssociation", at: "2026-12-01T10:00:00Z",
                                              instances: ["i-0a1"], target: Fixture.east)])
        let narrowed = drift.narrowed(to: causes)
        #expect(narrowed.items.map(\.instanceId) == ["i-0a1"])
        #expect(narrowed.resolutions.map(\.instanceId) == ["i-0a1"])
        #expect(narrowed.summary == DriftSummary(instances: 1, inSync: 0, drifted: 1))
        #expect(drift.items.count > narrowed.items.count && drift.resolutions.count == 4)
        let plan = Planner.plan(drift: narrowed, desired: ReportSample.desired, inventory: ReportSample.inventory)
        #expect(plan.actions.map(\.instanceId) == ["i-0a1"], "only the named instance is planned")
    }
}
