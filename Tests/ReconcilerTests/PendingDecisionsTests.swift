import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// A record that could not be committed is kept and committed by the next run, never lost.
@Suite struct PendingDecisionsTests {
    static func record(_ runId: String) -> DecisionRecord {
        DecisionRecord(
            runId: runId, desiredRevision: "abc", planHash: "sha256:00", targets: [], startedAt: Date(timeIntervalSince1970: 0),
            finishedAt: Date(timeIntervalSince1970: 1), drift: [], actions: [])
    }

    @Test func keptRecordsAreCommittedOldestFirstThenRemoved() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let spool = PendingDecisions(cacheDirectory: cache, repository: "file:///srv/desired.git")
        try spool.keep(Self.record("2026-11-29T01:00:00Z-bbbb"))
        try spool.keep(Self.record("2026-11-29T00:00:00Z-aaaa"))

        let failing = MemoryRecorder()
        await failing.setFailing(true)
        await spool.commitPending(with: failing)
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.folder.path).count == 2)

        let working = MemoryRecorder()
        await spool.commitPending(with: working)
        #expect(await working.records.map(\.runId) == ["2026-11-29T00:00:00Z-aaaa", "2026-11-29T01:00:00Z-bbbb"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.folder.path).isEmpty)
    }

    @Test func theFolderNameCarriesNoCredentials() {
        let spool = PendingDecisions(cacheDirectory: URL(fileURLWithPath: "/cache"), repository: "https://bot:s3cr3t@git.example.com/desired.git")
        #expect(!spool.folder.path.contains("s3cr3t"))
        #expect(spool.folder.lastPathComponent.hasPrefix("desired-"))
    }
}
