import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// The orchestrator in process, every effect a fake: observe, converge, record.
@Suite struct ReconciliationTests {
    static let startedAt = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func convergeChangesTheFleetAndRecordsOnce() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let fleet = FakeFleet(instances: ["i-1": nil, "i-2": "db", "i-3": "web"], assignments: ["i-1": "web", "i-2": "web", "i-3": "web"])
        let recorder = MemoryRecorder()
        let reconciliation = fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache)

        let observed = try await reconciliation.observe()
        #expect(observed.plan.mutations.map(\.type) == [.associate, .replace])
        let done = try await reconciliation.converge(observed.plan, observed: observed, startedAt: Self.startedAt)

        #expect(done.recorded != nil)
        #expect(await fleet.executed == ["associate i-1", "replace i-2"])
        #expect(await recorder.records.map(\.runId) == [done.runId])
        #expect(reconciliation.state.pending.records().isEmpty, "a committed record leaves no kept copy")

        let again = try await reconciliation.observe()
        #expect(again.plan.mutations.isEmpty)
        let second = try await reconciliation.converge(again.plan, observed: again, startedAt: Self.startedAt)
        guard case .nothingNew = second.recording else { Issue.record("a run with nothing new recorded \(second.recording)"); return }
    }

    @Test func aFailedCommitKeepsTheRecordAndTheNextRunCommitsItFirst() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let fleet = FakeFleet(instances: ["i-1": nil, "i-2": nil], assignments: ["i-1": "web", "i-2": "db"])
        let recorder = MemoryRecorder()
        await recorder.setFailing(true)
        let reconciliation = fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache)

        let observed = try await reconciliation.observe()
        let first = try await reconciliation.converge(observed.plan, observed: observed, startedAt: Self.startedAt)
        guard case .kept(let kept) = first.recording else { Issue.record("expected a kept record, got \(first.recording)"); return }
        #expect(FileManager.default.fileExists(atPath: kept.keptAt))

        await recorder.setFailing(false)
        await fleet.setProfile("i-1", "db")
        let next = try await reconciliation.observe()
        let second = try await reconciliation.converge(next.plan, observed: next, startedAt: Self.startedAt.addingTimeInterval(60))
        #expect(second.recorded != nil)
        #expect(await recorder.records.map(\.runId) == [first.runId, second.runId], "the older record is committed first")
        #expect(reconciliation.state.pending.records().isEmpty)
    }

    @Test func anUnreadableKeptRecordIsMovedAsideAndNeverBlocksTheCurrentOne() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let fleet = FakeFleet(instances: ["i-1": nil], assignments: ["i-1": "web"])
        let recorder = MemoryRecorder()
        let reconciliation = fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache)
        let folder = reconciliation.state.pending.folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{ not json".utf8).write(to: folder.appendingPathComponent("2020-01-01T00:00:00Z-dead.json"))

        let observed = try await reconciliation.observe()
        let done = try await reconciliation.converge(observed.plan, observed: observed, startedAt: Self.startedAt)

        #expect(done.recorded != nil)
        #expect(await recorder.records.map(\.runId) == [done.runId])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left == ["2020-01-01T00:00:00Z-dead.json.unreadable"])
    }

    @Test func aRecordThatCanBeNeitherCommittedNorKeptIsReturnedInFull() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        // A file where the spool folder should be: the record cannot be kept.
        try FileManager.default.createDirectory(at: cache.appendingPathComponent("pending-decisions"), withIntermediateDirectories: true)
        let fleet = FakeFleet(instances: ["i-1": nil], assignments: ["i-1": "web"])
        let recorder = MemoryRecorder()
        await recorder.setFailing(true)
        let reconciliation = fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache)
        try Data().write(to: reconciliation.state.pending.folder)

        let observed = try await reconciliation.observe()
        let done = try await reconciliation.converge(observed.plan, observed: observed, startedAt: Self.startedAt)
        guard case .unrecorded(let lost) = done.recording else { Issue.record("expected unrecorded, got \(done.recording)"); return }
        let message = lost.description
        #expect(message.contains("CHANGES WERE MADE AND NOT RECORDED"))
        #expect(message.contains("\"runId\" : \"\(done.runId)\""))
        #expect(message.contains("i-1"))
    }

    @Test func aKeptRecordIsCommittedByALaterRunThatHasNothingNew() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let fleet = FakeFleet(instances: ["i-1": "web"], assignments: ["i-1": "db"])
        let recorder = MemoryRecorder()
        await recorder.setFailing(true)
        let reconciliation = fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache)
        let first = try await reconciliation.observe()
        let changed = try await reconciliation.converge(first.plan, observed: first, startedAt: Self.startedAt)
        guard case .kept = changed.recording else { Issue.record("expected kept, got \(changed.recording)"); return }

        await recorder.setFailing(false)
        let second = try await reconciliation.observe()
        #expect(second.plan.mutations.isEmpty)
        let quiet = try await reconciliation.converge(second.plan, observed: second, startedAt: Self.startedAt)
        guard case .nothingNew = quiet.recording else { Issue.record("expected nothing new, got \(quiet.recording)"); return }
        #expect(await recorder.records.map(\.runId) == [changed.runId])
        #expect(!reconciliation.state.pending.holds(changed.runId))
    }

    @Test func aRunThatChangedNothingIsRecordedWhenThePreviousRecordCannotBeRead() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        // A profile that does not exist: a blocked action, a standing fact, nothing changed.
        let fleet = FakeFleet(instances: ["i-1": nil], assignments: ["i-1": "missing-profile"])
        let recorder = MemoryRecorder()
        await recorder.setFailReads(true)
        let reconciliation = fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache)
        let observed = try await reconciliation.observe()
        #expect(observed.plan.mutations.isEmpty)
        let done = try await reconciliation.converge(observed.plan, observed: observed, startedAt: Self.startedAt)
        #expect(done.recorded != nil)
    }

    @Test func basesComparisonKeepsOnlyWhatTheHeadAdds() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let fleet = FakeFleet(instances: ["i-1": nil, "i-2": nil], assignments: ["i-1": "web", "i-2": "db"])
        await fleet.setRevision("main", FakeFleet.desiredState(["i-1": "web"], revision: "base"))
        let reconciliation = fakeReconciliation(fleet: fleet, recorder: MemoryRecorder(), cache: cache)
        let observed = try await reconciliation.observe()
        let change = try await reconciliation.changes(of: observed, comparedWith: "main")
        #expect(change.actions.map(\.instanceId) == ["i-2"])
        #expect(change.summary.actions == 1)
    }
}
