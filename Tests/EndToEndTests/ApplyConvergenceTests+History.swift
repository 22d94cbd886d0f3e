import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `history --format json --since`: the decision commits as values to chart drift over time.
extension ApplyConvergenceTests {
    @Test func historyAsJSONCarriesCountsAndDriftBySinceDate() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world)
        let plan = try await world.plan()
        try await #require(try world.rolesync("apply", "--auto-approve").exitCode == 0)

        let all = try await world.rolesync("history", "--format", "json", "--since", "2000-01-01")
        #expect(all.exitCode == 0, "\(all.output)")
        let entries = try RoleSyncJSON.decoder().decode([HistoryEntry].self, from: Data(all.stdout.utf8))
        let entry = try #require(entries.first)
        #expect(entries.count == 1)
        await #expect(entry.commit == (try world.decisionCommits().first))
        #expect(entry.pending == false)
        await #expect(entry.desiredRevision == (try world.repo.revParse("HEAD")))
        #expect(entry.counts.associated + entry.counts.replaced + entry.counts.disassociated > 0)
        let standing = plan.drift.filter { $0.kind != .pending }
        #expect(entry.driftByKind == Dictionary(grouping: standing, by: \.kind.rawValue).mapValues(\.count))
        #expect(entry.driftByRegion.keys.sorted() == ["us-east-1", "us-west-2"])

        let future = try await world.rolesync("history", "--format", "json", "--since", "2999-01-01T00:00:00Z")
        #expect(future.exitCode == 0, "\(future.output)")
        #expect(try RoleSyncJSON.decoder().decode([HistoryEntry].self, from: Data(future.stdout.utf8)).isEmpty)

        let bad = try await world.rolesync("history", "--since", "last tuesday")
        #expect(bad.exitCode != 0)
        #expect(bad.stderr.contains("--since"), "\(bad.stderr)")
    }
}
