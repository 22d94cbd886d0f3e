import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// Decisions of a desired state read from a remote: recorded on the clone and pushed back.
extension ApplyConvergenceTests {
    @Test func decisionOfARemoteRepositoryIsPushedToIt() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world)
        let remote = world.directory.url.appendingPathComponent("remote.git").path
        try await GitCLI.run(["clone", "--quiet", "--bare", world.repo.path, remote])
        let cache = world.directory.url.appendingPathComponent("clones").path

        let result = try await world.rolesync("apply", "--auto-approve", "--repo", "file://" + remote, "--cache-dir", cache)
        let history = try await world.rolesync("history", "--repo", "file://" + remote, "--cache-dir", cache)

        #expect(result.exitCode == 0, "\(result.output)")
        let pushed = try await GitCLI.run(["--git-dir", remote, "log", "--format=%s", "rolesync/decisions"])
        await #expect(pushed == ApplyConvergenceTests.expectedSummary(at: try world.repo.revParse("HEAD")))
        let tip = try await GitCLI.run(["--git-dir", remote, "rev-parse", "rolesync/decisions"])
        #expect(history.stdout.hasPrefix(String(tip.prefix(7))), "\(history.output)")
    }

    @Test func decisionsBranchCanBeChosen() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world)

        let result = try await world.rolesync("apply", "--auto-approve", "--decisions-branch", "audit/roles")
        let history = try await world.rolesync("history", "--decisions-branch", "audit/roles")

        #expect(result.exitCode == 0, "\(result.output)")
        await #expect(try world.decisionCommits(branch: "audit/roles").count == 1)
        await #expect(try world.decisionCommits().isEmpty)
        #expect(history.stdout.split(separator: "\n").count == 1, "\(history.output)")
    }
}
