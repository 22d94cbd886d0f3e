import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// A converge started by change events, in process over the fake fleet: it acts on only what
/// the events name, records only what it did, deletes the events it covered and hands back the
/// ones of targets it does not reconcile; and the loop runs one only between full converges.
@Suite struct EventConvergeTests {
    static func event(_ instances: [String], target: Target = FakeFleet.target) -> ChangeEvent {
        ChangeEvent(
            eventName: "DisassociateIamInstanceProfile", eventTime: "2026-12-01T10:15:01Z", account: target.account,
            region: target.region, principal: ChangePrincipal(kind: .iamUser, arn: "arn:aws:iam::111122223333:user/alice"),
            instanceIds: instances)
    }

    struct Setup {
        var fleet: FakeFleet
        var recorder = MemoryRecorder()
        var queue = FakeEventQueue([])
        var cache = temporaryCache()
        var inbox: EventInbox
        var cycle: ConvergeCycle

        init(instances: [String: String?], assignments: [String: String]) {
            let fleet = FakeFleet(instances: instances, assignments: assignments)
            let (recorder, cache, queue) = (MemoryRecorder(), temporaryCache(), FakeEventQueue([]))
            self.fleet = fleet
            self.recorder = recorder
            self.cache = cache
            self.queue = queue
            inbox = EventInbox(queue: queue)
            cycle = ConvergeCycle(lock: nil) { fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache) }
            cycle.events = inbox
        }

        func receive(_ id: String, _ event: ChangeEvent) async {
            await inbox.add(QueuedMessage(id: id, receiptHandle: "handle-\(id)", body: ""), event: event)
        }
    }

    @Test func anEventConvergeRepairsOnlyTheNamedInstanceAndNamesWhoChangedIt() async throws {
        let setup = Setup(instances: ["i-1": nil, "i-2": "db"], assignments: ["i-1": "web", "i-2": "web"])
        defer { try? FileManager.default.removeItem(at: setup.cache) }
        await setup.receive("m1", Self.event(["i-1"]))

        let summary = try await setup.cycle.run(.eventConverge)
        #expect(await setup.fleet.executed == ["associate i-1"], "i-2 is left to the full converge")
        #expect(summary.instances == 1 && summary.actionCount(.succeeded) == 1)
        let record = try #require(await setup.recorder.records.last)
        #expect(record.drift.map(\.instanceId) == ["i-1"])
        #expect(record.drift.first?.cause?.principal.arn == "arn:aws:iam::111122223333:user/alice")
        #expect(await setup.queue.deleted == ["handle-m1"])

        _ = try await setup.cycle.run(.converge)
        #expect(await setup.fleet.executed == ["associate i-1", "replace i-2"], "the full converge covers the rest")
    }

    @Test func anEventConvergeWithNothingToDoRecordsNothingAndSettlesTheEvent() async throws {
        let setup = Setup(instances: ["i-1": "web", "i-2": "db"], assignments: ["i-1": "web", "i-2": "web"])
        defer { try? FileManager.default.removeItem(at: setup.cache) }
        await setup.receive("m1", Self.event(["i-1"]))

        let summary = try await setup.cycle.run(.eventConverge)
        #expect(summary.recordedCommit == nil)
        #expect(await setup.recorder.records.isEmpty, "standing drift elsewhere (i-2) is no event converge's news")
        #expect(await setup.fleet.executed.isEmpty)
        #expect(await setup.queue.deleted == ["handle-m1"])
    }

    @Test func anEventOfATargetNotReconciledHereReadsNothingAndIsHandedBack() async throws {
        let setup = Setup(instances: ["i-1": nil], assignments: ["i-1": "web"])
        defer { try? FileManager.default.removeItem(at: setup.cache) }
        await setup.receive("m1", Self.event(["i-1"], target: Target(account: "444455556666", region: "eu-west-1")))

        let summary = try await setup.cycle.run(.eventConverge)
        #expect(summary.actions.isEmpty && summary.recordedCommit == nil)
        #expect(await setup.fleet.reads == 0, "no target of this process was named: nothing is read")
        #expect(await setup.fleet.executed.isEmpty)
        #expect(await setup.queue.released == ["handle-m1"])
        #expect(await setup.queue.deleted.isEmpty)
    }

    @Test func anInterruptedEarlierRunMakesTheEventConvergeAFullOne() async throws {
        let setup = Setup(instances: ["i-1": nil, "i-2": nil], assignments: ["i-1": "web", "i-2": "web"])
        defer { try? FileManager.default.removeItem(at: setup.cache) }
        let journal = IntentJournal(cacheDirectory: setup.cache, repository: "file:///srv/desired.git")
        // A run sent a call for i-2 and stopped before recording it.
        _ = try await journal.intend(IntentJournalTests.call("i-2", "associate", profile: "db"), runId: "r0")
        await setup.receive("m1", Self.event(["i-1"]))

        _ = try await setup.cycle.run(.eventConverge)
        #expect(await setup.fleet.executed.sorted() == ["associate i-1", "associate i-2"], "the whole fleet, i-2 included")
        #expect(await setup.recorder.records.last?.interrupted?.map(\.runId) == ["r0"])
    }

    @Test func eventsAloneRunAnEventConvergeThatMovesNoDueTime() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        var schedule = CycleSchedule(interval: .seconds(3600), driftInterval: .seconds(600), start: start)
        schedule.started(.converge, at: start)
        let later = start.addingTimeInterval(30)
        let before = schedule

        #expect(ReconcileLoop.kind(after: .pulled([.events]), schedule: &schedule, at: later) == .eventConverge)
        schedule.started(.eventConverge, at: later)
        #expect(schedule == before)

        #expect(ReconcileLoop.kind(after: .pulled([.events, .push]), schedule: &schedule, at: later) == .converge)
        var due = CycleSchedule(interval: .seconds(3600), driftInterval: .seconds(7200), start: start)
        due.started(.converge, at: start)
        #expect(ReconcileLoop.kind(after: .pulled([.events]), schedule: &due, at: start.addingTimeInterval(3600)) == .converge,
                "the full converge is due anyway and covers the events")
        var idle = before
        #expect(ReconcileLoop.kind(after: .due, schedule: &idle, at: start.addingTimeInterval(600)) == .driftCheck)
    }

    @Test func anEventConvergeCountsItsActionsButLeavesTheFleetGaugesAlone() {
        let metrics = DaemonMetrics()
        let summary = CycleSummary(
            desiredRevision: "4f2a9c1", instances: 1, drift: [.missing: 1],
            actions: [ActionTally(type: .associate, status: .succeeded): 1])
        let now = Date()
        metrics.record(CycleResult(kind: .eventConverge, startedAt: now, finishedAt: now, outcome: .succeeded(summary)))
        let text = metrics.render()
        #expect(text.metricValue(#"rolesync_event_converges_total{result="success"}"#) == 1)
        #expect(text.metricValue(#"rolesync_actions_total{type="associate",status="succeeded"}"#) == 1)
        #expect(text.metricValue(#"rolesync_drift_items{kind="missing"}"#) == 0)
        #expect(text.metricValue(#"rolesync_reconcile_total{result="success"}"#) == 0)
        #expect(text.metricValue("rolesync_last_success_timestamp_seconds") == 0)
    }
}
