import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// A plan reviewed on a pull request's head (`plan --base`), applied with `apply --plan` after
/// the merge: it holds for the merge commit when that brings exactly the head's manifests and
/// the fleet has not moved, and is refused, saying what changed, otherwise.
@Suite(.serialized) struct PlanMergeBindingTests {
    static let suite = "plan-merge"

    @Test func aReviewedPlanAppliesAfterTheMergeAsTheMergeCommit() async throws {
        let pull = try await PullRequestFixture.open(suite: Self.suite).reviewed()
        defer { pull.world.remove() }
        let merged = try await pull.merge()

        let applied = try await pull.applySaved()

        #expect(applied.exitCode == 0, "\(applied.output)")
        let outcome = try Plan.decode(from: Data(applied.stdout.utf8))
        #expect(outcome.desiredRevision == merged, "the plan is applied as the commit that merged it")
        #expect(Set(outcome.actions.map(\.instanceId)) == [pull.ids["pay-1"]!, pull.ids["pay-2"]!])
        #expect(outcome.actions.allSatisfy { $0.status == .succeeded }, "\(applied.output)")
        let live = try await pull.world.fleet.associations()
        #expect(live[pull.ids["pay-1"]!] == "search-ec2" && live[pull.ids["pay-2"]!] == "search-ec2")
        #expect(live[pull.ids["db-1"]!] == nil, "drift the pull request did not cause is left to a later run")
        let record = try await pull.world.repo.git("log", "-1", "--format=%B", "rolesync/decisions")
        #expect(record.contains(String(merged.prefix(7))), "\(record)")
    }

    @Test func aFleetThatMovedAfterTheReviewIsRefusedAndNothingChanges() async throws {
        let pull = try await PullRequestFixture.open(suite: Self.suite).reviewed()
        defer { pull.world.remove() }
        try await pull.merge()
        // Someone swaps pay-1's profile between the review and the apply.
        try await pull.world.fleet.setProfile("db-ec2", of: pull.ids["pay-1"]!)

        let applied = try await pull.applySaved()

        #expect(applied.exitCode == 1, "\(applied.output)")
        #expect(applied.stderr.contains("the live state changed since the saved plan was made"), "\(applied.output)")
        let live = try await pull.world.fleet.associations()
        #expect(live[pull.ids["pay-1"]!] == "db-ec2" && live[pull.ids["pay-2"]!] == "web-ec2")
        await #expect(try pull.world.decisionCommits().isEmpty)
    }

    @Test func aMergeThatBringsOtherManifestsIsRefusedNamingTheChange() async throws {
        let pull = try await PullRequestFixture.open(suite: Self.suite, moveBaseOn: true).reviewed()
        defer { pull.world.remove() }
        try await pull.merge()

        let applied = try await pull.applySaved()

        #expect(applied.exitCode == 1, "\(applied.output)")
        #expect(applied.stderr.contains("with other manifests"), "\(applied.output)")
        #expect(applied.stderr.contains("db.yaml:8 InstanceRoleAssignment/db instanceProfile: db-ec2 → web-ec2"), "\(applied.output)")
        let live = try await pull.world.fleet.associations()
        #expect(live[pull.ids["pay-1"]!] == "web-ec2" && live[pull.ids["pay-2"]!] == "web-ec2")
    }
}
