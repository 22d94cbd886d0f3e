import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// What the policy forbids, `apply` never does: a plan over `maxChanges` is refused whole,
/// protected and exempt instances are never touched, observe mode never mutates.
@Suite(.serialized) struct PolicyGuardTests {
    static let suite = "policy-guards"

    @Test func planOverMaxChangesIsRefusedAsAWhole() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world, maxChanges: 6)
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("apply", "--auto-approve", "--format", "json")

        // Refused as a whole: the run fails, says why, and still reports every blocked action.
        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("over maxChanges 6"), "\(result.stderr)")
        let outcome = try Plan.decode(from: Data(result.stdout.utf8))
        let mutations = outcome.actions.filter(\.type.isMutation)
        #expect(mutations.count == 8)
        #expect(mutations.allSatisfy { $0.status == .blocked }, "\(mutations)")
        #expect(mutations.filter { $0.reason?.contains("over maxChanges 6") == true }.count == 7, "\(mutations)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
    }

    @Test func maxChangesFlagRaisesTheLimit() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await TwoRegionFleet.seed(in: world, maxChanges: 6)

        let result = try await world.rolesync("apply", "--auto-approve", "--max-changes", "7")

        #expect(result.exitCode == 0, "\(result.output)")
        await #expect(try TwoRegionFleet.associations(in: world) == TwoRegionFleet.byId(TwoRegionFleet.convergedProfiles, ids: ids))
    }

    @Test func protectedAndExemptInstancesAreNeverMutated() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let protectTag = ["team": "web", "rolesync.dev/protect": "true"]
        let ids = try await world.fleet.seed(
            profiles: [ProfileSeed("web-ec2", role: "web-app"), ProfileSeed("legacy-ec2", role: "legacy-app")],
            instances: [
                InstanceSeed("protected-missing", tags: protectTag),
                InstanceSeed("protected-wrong", tags: protectTag, profile: "legacy-ec2"),
                InstanceSeed("exempt-wrong", tags: ["team": "web"], profile: "legacy-ec2"),
                InstanceSeed("exempt-missing", tags: ["team": "web"]),
                InstanceSeed("ordinary", tags: ["team": "web"]),
            ])
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
            "exemptions.yaml": ManifestText.exemption(
                "vendor", instanceIds: [ids["exempt-wrong"]!, ids["exempt-missing"]!]),
        ])

        let plan = try await world.plan()
        let result = try await world.rolesync("apply", "--auto-approve")

        #expect(result.exitCode == 0, "\(result.output)")
        for key in ["protected-missing", "protected-wrong"] {
            let action = try #require(plan.actions.first { $0.instanceId == ids[key] }, "\(key)")
            #expect(action.status == .blocked)
            #expect(action.reason?.hasPrefix("protected by policy") == true, "\(action)")
        }
        #expect(plan.driftKinds[ids["exempt-wrong"]!] == ["exempt"])
        #expect(plan.driftKinds[ids["exempt-missing"]!] == ["exempt"])
        #expect(!plan.actions.contains { $0.instanceId == ids["exempt-wrong"] || $0.instanceId == ids["exempt-missing"] })
        await #expect(try world.fleet.associations() == [
            ids["protected-wrong"]!: "legacy-ec2", ids["exempt-wrong"]!: "legacy-ec2", ids["ordinary"]!: "web-ec2",
        ])
    }

    @Test func observeModeNeverMutatesButRecords() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world, mode: "observe")
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("apply", "--auto-approve", "--format", "json")

        #expect(result.exitCode == 0, "\(result.output)")
        let outcome = try Plan.decode(from: Data(result.stdout.utf8))
        let observed = outcome.actions.filter { $0.reason == "observe mode" }
        #expect(observed.count == 7, "\(outcome.actions)")
        #expect(outcome.actions.allSatisfy { $0.status == .blocked }, "\(outcome.actions)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
        await #expect(try world.decisionCommits().count == 1, "observe mode plans and records")
    }
}
