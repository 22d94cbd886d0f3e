import Testing
@testable import RoleSyncCore

/// A plan whose actions ran is reported as the outcome of an apply, not as a plan.
@Test func anExecutedPlanReportsAsApply() {
    var plan = Plan(
        desiredRevision: "4f2a9c1e", planHash: "sha256:00",
        summary: PlanSummary(instances: 1, inSync: 0, drifted: 1, actions: 1, blocked: 0), drift: [],
        actions: [PlannedAction(type: .associate, instanceId: "i-0123456789abcdef0", account: "1", region: "us-east-1", profile: "p")])
    #expect(TextReport.render(plan).hasPrefix("rolesync plan at 4f2a9c1:"))
    plan.actions[0].status = .succeeded
    #expect(TextReport.render(plan).hasPrefix("rolesync apply at 4f2a9c1:"))
}
