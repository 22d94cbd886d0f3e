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
        try world.fleet.seed(profiles: TwoRegionFleet.profiles, instances: TwoRegionFleet.instances)
        var manifests = TwoRegionFleet.manifests()
        manifests["teams/broken.yaml"] = ValidateCommandTests.invalid["teams/web.yaml"]!
        try world.commit(manifests)
        let before = try TwoRegionFleet.associations(in: world)

        let result = try world.rolesync("apply", "--auto-approve")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("teams/broken.yaml:9:3: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("desired state is invalid"), "\(result.stderr)")
        #expect(try TwoRegionFleet.associations(in: world) == before)
        #expect(try world.decisionCommits().isEmpty)
    }

    @Test func emptyDesiredStateIsRefused() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try world.fleet.seed(profiles: TwoRegionFleet.profiles, instances: TwoRegionFleet.instances)
        try world.commit(["policy.yaml": ManifestText.policy(regions: ["us-east-1", "us-west-2"])])
        let before = try TwoRegionFleet.associations(in: world)

        let result = try world.rolesync("apply", "--auto-approve")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("has no InstanceRoleAssignment"), "\(result.stderr)")
        #expect(try TwoRegionFleet.associations(in: world) == before)
        #expect(try world.decisionCommits().isEmpty)
    }

    @Test func repositoryWithoutManifestsIsRefused() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try world.fleet.seed(instances: [InstanceSeed("web", tags: ["team": "web"])])
        try world.commit(["README.md": "Nothing here yet.\n"])

        let result = try world.rolesync("apply", "--auto-approve")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("refusing to act on an empty desired state"), "\(result.stderr)")
        #expect(try world.decisionCommits().isEmpty)
    }

    @Test(arguments: ["apply", "plan"])
    func unreachableRepositoryIsNamed(command: String) async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try world.fleet.seed(profiles: TwoRegionFleet.profiles, instances: TwoRegionFleet.instances)
        let before = try TwoRegionFleet.associations(in: world)
        let missing = world.directory.url.appendingPathComponent("no-such-repository").path
        let arguments = command == "apply" ? ["apply", "--auto-approve"] : ["plan"]

        let result = try world.rolesync(arguments + ["--repo", missing])

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains(missing), "\(result.stderr)")
        #expect(try TwoRegionFleet.associations(in: world) == before)
    }

    @Test func unknownRefIsNamed() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try TwoRegionFleet.seed(in: world)
        let before = try TwoRegionFleet.associations(in: world)

        let result = try world.rolesync("apply", "--auto-approve", "--ref", "no-such-branch")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("no-such-branch"), "\(result.stderr)")
        #expect(try TwoRegionFleet.associations(in: world) == before)
        #expect(try world.decisionCommits().isEmpty)
    }

    @Test func withoutAutoApproveOffATerminalApplyRefuses() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try TwoRegionFleet.seed(in: world)
        let before = try TwoRegionFleet.associations(in: world)

        let result = try world.rolesync("apply", input: "yes\n")

        #expect(result.exitCode != 0, "\(result.output)")
        #expect(result.stderr.contains("--auto-approve"), "\(result.stderr)")
        #expect(try TwoRegionFleet.associations(in: world) == before)
        #expect(try world.decisionCommits().isEmpty)
    }
}
