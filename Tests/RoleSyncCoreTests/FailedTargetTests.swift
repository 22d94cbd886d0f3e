import Foundation
import Testing
@testable import RoleSyncCore

/// A target whose inventory could not be read travels from the inventory to the drift report,
/// the plan, the reports and the decision record, and nothing is planned for it.
@Suite struct FailedTargetTests {
    static let failed = FailedTarget(target: Fixture.west, reason: "RequestLimitExceeded: Request limit exceeded.")

    static var inventory: LiveInventory {
        var inventory = ReportSample.inventory
        inventory.instances.removeAll { $0.target == Fixture.west }
        inventory.failedTargets = [failed]
        return inventory
    }

    static var plan: Plan {
        let drift = Differ.diff(desired: ReportSample.desired, inventory: inventory, now: Fixture.now)
        return Planner.plan(drift: drift, desired: ReportSample.desired, inventory: inventory)
    }

    @Test func theDriftReportAndThePlanCarryTheFailedTargetAndPlanNothingThere() {
        let drift = Differ.diff(desired: ReportSample.desired, inventory: Self.inventory, now: Fixture.now)
        #expect(drift.failedTargets == [Self.failed])
        #expect(Self.plan.failedTargets == [Self.failed])
        #expect(Self.plan.isPartial)
        #expect(Self.plan.actions.allSatisfy { $0.target != Fixture.west })
        #expect(!ReportSample.plan.isPartial)
    }

    @Test func aCompletePlanHasNoFailedTargetsKeyAndItsHashIsUnchanged() throws {
        let json = String(decoding: ReportSample.plan.encodeJSON(), as: UTF8.self)
        #expect(!json.contains("failedTargets"))
        var unread = ReportSample.inventory
        unread.failedTargets = [Self.failed]
        let revision = ReportSample.desired.revision
        #expect(PlanHash.compute(desired: revision, inventory: unread)
            != PlanHash.compute(desired: revision, inventory: ReportSample.inventory))
        let decoded = try Plan.decode(from: Self.plan.encodeJSON())
        #expect(decoded.failedTargets == [Self.failed])
    }

    @Test func reportsNameTheTargetAndWhy() {
        let text = TextReport.render(Self.plan)
        #expect(text.contains("failed targets (1): not read, so nothing is known or planned there"))
        #expect(text.contains("us-west-2  RequestLimitExceeded: Request limit exceeded."))
        #expect(MarkdownReport.render(Self.plan).contains("#### failed targets (1)"))
        let drift = Differ.diff(desired: ReportSample.desired, inventory: Self.inventory, now: Fixture.now)
        #expect(String(decoding: JSONReport.render(drift), as: UTF8.self).contains("\"failedTargets\""))
        #expect(!TextReport.render(ReportSample.plan).contains("failed targets"))
        let html = HTMLReport.render(Self.plan)
        #expect(html.contains("<section class=\"failed\"><h2>failed targets (1): not read"))
        #expect(html.contains("<td>us-west-2</td><td>RequestLimitExceeded: Request limit exceeded.</td>"))
        #expect(!HTMLReport.render(ReportSample.plan).contains("failed targets"))
    }

    @Test func theErrorLineListsEveryTarget() {
        #expect(FailedTarget.errorMessage([]) == nil)
        #expect(FailedTarget.errorMessage([Self.failed]) == "1 target not read, nothing planned or changed there: "
            + "111122223333/us-west-2 (RequestLimitExceeded: Request limit exceeded.)")
    }

    @Test func theRecordKeepsFailedTargetsAndTheyAreNewsUntilRepeated() throws {
        let plan = Self.plan
        let record = DecisionRecord(
            runId: "r-1", plan: plan, outcomes: plan.actions, targets: [Fixture.east, Fixture.west],
            startedAt: Fixture.now, finishedAt: Fixture.now)
        #expect(record.failedTargets == [Self.failed])
        #expect(try DecisionRecord.decode(from: record.encodeJSON()).failedTargets == [Self.failed])
        #expect(record.commitMessage().contains("target 111122223333/us-west-2 not read: RequestLimitExceeded"))
        #expect(DecisionPolicy.isNewsworthy(record, previousRecord: nil))
        var quiet = record
        quiet.actions = []
        quiet.drift = []
        #expect(DecisionPolicy.isNewsworthy(quiet, previousRecord: nil))
        #expect(!DecisionPolicy.isNewsworthy(quiet, previousRecord: quiet))
    }
}
