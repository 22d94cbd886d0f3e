import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// The daemon's cycle in process, over the fake fleet: the same phases as `apply`.
@Suite struct ConvergeCycleTests {
    @Test func aConvergeCycleChangesTheFleetAndADriftCheckDoesNot() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let fleet = FakeFleet(instances: ["i-1": nil, "i-2": "db"], assignments: ["i-1": "web", "i-2": "web"])
        let recorder = MemoryRecorder()
        let cycle = ConvergeCycle(lock: RunLock(cacheDirectory: cache, repository: "file:///srv/desired.git", timeout: .seconds(1))) {
            fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache)
        }

        let check = try await cycle.run(.driftCheck)
        #expect(check.drift[.missing] == 1 && check.drift[.wrong] == 1)
        #expect(await fleet.executed.isEmpty)

        let converge = try await cycle.run(.converge)
        #expect(converge.actionCount(.succeeded) == 2)
        #expect(converge.recordedCommit != nil)
        #expect(await fleet.executed == ["associate i-1", "replace i-2"])
    }

    @Test func aRecordKeptForLaterFailsTheCycle() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let fleet = FakeFleet(instances: ["i-1": nil], assignments: ["i-1": "web"])
        let recorder = MemoryRecorder()
        await recorder.setFailing(true)
        let cycle = ConvergeCycle(lock: nil) { fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache) }
        await #expect(throws: DecisionNotCommitted.self) { try await cycle.run(.converge) }
        #expect(await fleet.executed == ["associate i-1"])
        #expect(PendingDecisions(cacheDirectory: cache, repository: "file:///srv/desired.git").records().count == 1)
    }
}
