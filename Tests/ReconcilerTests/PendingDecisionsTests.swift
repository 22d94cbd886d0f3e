import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// A record that could not be committed is kept and committed by the next run, never lost.
@Suite struct PendingDecisionsTests {
    actor RecordingRecorder: DecisionRecorder {
        var committed: [String] = []
        var failing: Bool
        init(failing: Bool) { self.failing = failing }
        func latestRecord() async throws -> DecisionRecord? { nil }
        func record(_ record: DecisionRecord) async throws -> String {
            if failing { throw CocoaError(.fileWriteUnknown) }
            committed.append(record.runId)
            return "sha-\(record.runId)"
        }
    }

    static func record(_ runId: String) -> DecisionRecord {
        DecisionRecord(
            runId: runId, desiredRevision: "abc", planHash: "sha256:00", targets: [], startedAt: Date(timeIntervalSince1970: 0),
            finishedAt: Date(timeIntervalSince1970: 1), drift: [], actions: [])
    }

    @Test func keptRecordsAreCommittedOldestFirstThenRemoved() async throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("pending-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let spool = PendingDecisions(cacheDirectory: cache, repository: "file:///srv/desired.git")
        _ = try spool.keep(Self.record("2026-11-29T01:00:00Z-bbbb"))
        _ = try spool.keep(Self.record("2026-11-29T00:00:00Z-aaaa"))

        let failing = RecordingRecorder(failing: true)
        await #expect(throws: (any Error).self) { try await spool.commitPending(with: failing) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.folder.path).count == 2)

        let working = RecordingRecorder(failing: false)
        try await spool.commitPending(with: working)
        #expect(await working.committed == ["2026-11-29T00:00:00Z-aaaa", "2026-11-29T01:00:00Z-bbbb"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.folder.path).isEmpty)
    }
}
