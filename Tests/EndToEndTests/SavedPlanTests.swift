import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `apply --plan FILE` carries out a saved plan only while it still describes the fleet: an
/// association changed by someone else in between is never clobbered.
@Suite(.serialized) struct SavedPlanTests {
    static let suite = "saved-plan"

    /// Seeds the two-region fleet and saves its plan; returns the ids and the plan file.
    private func savedPlan(in world: World) async throws -> (ids: [String: String], file: String) {
        let ids = try await TwoRegionFleet.seed(in: world)
        let file = world.directory.url.appendingPathComponent("plan.json").path
        let saved = try await world.rolesync("plan", "--format", "json", "--out", file)
        try #require(saved.exitCode == 0, "\(saved.output)")
        return (ids, file)
    }

    @Test func savedPlanIsAppliedWhenTheFleetHasNotMoved() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let (ids, file) = try await savedPlan(in: world)

        let result = try await world.rolesync("apply", "--plan", file, "--auto-approve")

        #expect(result.exitCode == 0, "\(result.output)")
        await #expect(try TwoRegionFleet.associations(in: world) == TwoRegionFleet.byId(TwoRegionFleet.convergedProfiles, ids: ids))
        let trailers = try await world.repo.git("log", "-1", "--format=%(trailers:only,unfold)", "rolesync/decisions")
        let saved = try Plan.decode(from: Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(trailerValue("Plan-Hash", in: trailers) == saved.planHash)
    }

    @Test func savedPlanIsRefusedWhenAnAssociationChangedSince() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let (ids, file) = try await savedPlan(in: world)
        // Someone else gives the instance a profile between plan and apply.
        try await world.fleet.setProfile("legacy-ec2", of: try #require(ids["east-missing"]))
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("apply", "--plan", file, "--auto-approve")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("the live state changed since the saved plan was made"), "\(result.stderr)")
        #expect(result.stderr.contains("rolesync plan"), "\(result.stderr)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
        await #expect(try world.decisionCommits().isEmpty)
    }

    @Test func anEditedPlanIsRefused() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let (_, file) = try await savedPlan(in: world)
        // The hash still matches the inputs, but the actions were changed by hand.
        var edited = try Plan.decode(from: Data(contentsOf: URL(fileURLWithPath: file)))
        let index = try #require(edited.actions.firstIndex { $0.type == .associate && $0.status == .planned })
        edited.actions[index].profile = "arn:aws:iam::123456789012:instance-profile/legacy-ec2"
        try edited.encodeJSON().write(to: URL(fileURLWithPath: file))
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("apply", "--plan", file, "--auto-approve")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("the saved plan's actions differ"), "\(result.stderr)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
        await #expect(try world.decisionCommits().isEmpty)
    }

    @Test func savedPlanIsRefusedWhenTheDesiredStateMoved() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let (_, file) = try await savedPlan(in: world)
        try await world.commit(["teams/web.yaml": ManifestText.assignment("web", tags: TwoRegionFleet.web, profile: "legacy-ec2")])
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("apply", "--plan", file, "--auto-approve")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("the desired state is now at"), "\(result.stderr)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
    }
}
