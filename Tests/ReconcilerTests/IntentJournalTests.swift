import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// A run killed between sending a mutation and recording it is found, judged against the
/// re-read fleet, and folded into the next run's record.
@Suite struct IntentJournalTests {
    static func call(_ instance: String, _ name: String, profile: String?, association: String? = nil) -> JournalCall {
        JournalCall(
            account: FakeFleet.target.account, region: FakeFleet.target.region, instanceId: instance,
            action: name == "disassociate" ? .replace : .associate, call: name, associationId: association,
            profile: profile.map(FakeFleet.arn))
    }

    @Test func intentsAndAnswersAreReadBackPerRun() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let journal = IntentJournal(cacheDirectory: cache, repository: "file:///srv/desired.git")
        let first = try await journal.intend(Self.call("i-1", "associate", profile: "web"), runId: "r1")
        await journal.answered(first, runId: "r1", succeeded: true)
        _ = try await journal.intend(Self.call("i-2", "associate", profile: "web"), runId: "r1")

        let runs = try await journal.unfinishedRuns()
        #expect(runs.map(\.runId) == ["r1"])
        #expect(runs.first?.calls.map(\.answer) == [.succeeded, InterruptedCall.Answer.none])
    }

    @Test func aTornLastLineIsIgnored() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let journal = IntentJournal(cacheDirectory: cache, repository: "file:///srv/desired.git")
        _ = try await journal.intend(Self.call("i-1", "associate", profile: "web"), runId: "r1")
        let handle = try FileHandle(forWritingTo: journal.file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"event\":\"inte".utf8))
        try handle.close()
        #expect(try await journal.unfinishedRuns().first?.calls.count == 1)
    }

    /// A stopped instance's swap interrupted between its two halves: the profile is gone and
    /// the new one never attached. The next run associates it and says what happened.
    @Test func anInterruptedSwapIsConvergedAndRecordedByTheNextRun() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let fleet = FakeFleet(instances: ["i-1": nil, "i-2": "web"], assignments: ["i-1": "web", "i-2": "web"])
        let recorder = MemoryRecorder()
        let reconciliation = fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache)
        let journal = reconciliation.state.journal
        let disassociate = try await journal.intend(
            Self.call("i-1", "disassociate", profile: nil, association: "iip-assoc-i-1"), runId: "killed")
        await journal.answered(disassociate, runId: "killed", succeeded: true)
        _ = try await journal.intend(Self.call("i-1", "associate", profile: "web"), runId: "killed")
        // i-2's associate went through, but the answer was lost with the process.
        _ = try await journal.intend(Self.call("i-2", "associate", profile: "web"), runId: "killed")

        let observed = try await reconciliation.observe()
        let done = try await reconciliation.converge(observed.plan, observed: observed, startedAt: Date(timeIntervalSince1970: 1_800_000_000))

        #expect(await fleet.executed == ["associate i-1"])
        let record = try #require(await recorder.records.last)
        let interrupted = try #require(record.interrupted?.first)
        #expect(interrupted.runId == "killed")
        #expect(interrupted.calls.map(\.onReread) == [.done, .undone, .done])
        #expect(interrupted.summary == "interrupted run killed: 3 sent, 1 confirmed, 1 found done on re-read, 1 undone")
        #expect(record.commitMessage().contains(interrupted.summary))
        #expect(done.interrupted == [interrupted])
        #expect(try await journal.unfinishedRuns().isEmpty, "the journal is cleared once the record is kept")
    }

    @Test func aRunWhoseRecordWasKeptIsNotFoldedAgain() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let fleet = FakeFleet(instances: ["i-1": "web"], assignments: ["i-1": "web"])
        let reconciliation = fakeReconciliation(fleet: fleet, recorder: MemoryRecorder(), cache: cache)
        _ = try await reconciliation.state.journal.intend(Self.call("i-1", "associate", profile: "web"), runId: "r-kept")
        try reconciliation.state.pending.keep(DecisionRecord(
            runId: "r-kept", desiredRevision: "abc", planHash: "sha256:00", targets: [], startedAt: Date(timeIntervalSince1970: 0),
            finishedAt: Date(timeIntervalSince1970: 1), drift: [], actions: []))
        let observed = try await reconciliation.observe()
        let done = try await reconciliation.converge(observed.plan, observed: observed, startedAt: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(done.interrupted.isEmpty)
    }
}
