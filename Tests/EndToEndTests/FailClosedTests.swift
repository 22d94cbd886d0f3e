import Foundation
import Testing
import TestSupport

/// A desired state that is invalid, empty or cannot be read leads to no action at all: exit 1,
/// the reason printed, nothing changed in AWS, no decision commit.
@Suite(.serialized) struct FailClosedTests {
    static let suite = "fail-closed"

    @Test func invalidManifestsStopApplyBeforeAnyChange() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await world.fleet.seed(profiles: TwoRegionFleet.profiles, instances: TwoRegionFleet.instances)
        var manifests = TwoRegionFleet.manifests()
        manifests["teams/broken.yaml"] = ValidateCommandTests.invalid["teams/web.yaml"]!
        try await world.commit(manifests)
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("apply", "--auto-approve")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("teams/broken.yaml:9:3: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("desired state is invalid"), "\(result.stderr)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
        await #expect(try world.decisionCommits().isEmpty)
    }

    @Test func emptyDesiredStateIsRefused() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await world.fleet.seed(profiles: TwoRegionFleet.profiles, instances: TwoRegionFleet.instances)
        try await world.commit(["policy.yaml": ManifestText.policy(regions: ["us-east-1", "us-west-2"])])
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("apply", "--auto-approve")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("has no InstanceRoleAssignment"), "\(result.stderr)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
        await #expect(try world.decisionCommits().isEmpty)
    }

    @Test func repositoryWithoutManifestsIsRefused() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await world.fleet.seed(instances: [InstanceSeed("web", tags: ["team": "web"])])
        try await world.commit(["README.md": "Nothing here yet.\n"])

        let result = try await world.rolesync("apply", "--auto-approve")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("refusing to act on an empty desired state"), "\(result.stderr)")
        await #expect(try world.decisionCommits().isEmpty)
    }

    @Test(arguments: ["apply", "plan"])
    func unreachableRepositoryIsNamed(command: String) async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await world.fleet.seed(profiles: TwoRegionFleet.profiles, instances: TwoRegionFleet.instances)
        let before = try await TwoRegionFleet.associations(in: world)
        let missing = world.directory.url.appendingPathComponent("no-such-repository").path
        let arguments = command == "apply" ? ["apply", "--auto-approve"] : ["plan"]

        let result = try await world.rolesync(arguments + ["--repo", missing])

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains(missing), "\(result.stderr)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
    }

    @Test func unknownRefIsNamed() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world)
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("apply", "--auto-approve", "--ref", "no-such-branch")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("no-such-branch"), "\(result.stderr)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
        await #expect(try world.decisionCommits().isEmpty)
    }

    @Test func withoutAutoApproveOffATerminalApplyRefuses() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world)
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("apply", input: "yes\n")

        #expect(result.exitCode != 0, "\(result.output)")
        #expect(result.stderr.contains("--auto-approve"), "\(result.stderr)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
        await #expect(try world.decisionCommits().isEmpty)
    }
}
