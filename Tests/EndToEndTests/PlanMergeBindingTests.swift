import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// A plan reviewed on a pull request's head (`plan --base`), applied with `apply --plan` after
/// the merge: it holds for the merge commit when that brings exactly the head's manifests and
/// the fleet has not moved, and is refused, saying what changed, otherwise.
@Suite(.serialized) struct PlanMergeBindingTests {
    static let suite = "plan-merge"

    /// The fleet and repository of a pull request moving the payments instances from web-ec2
    /// to search-ec2, with db-1 drifted on main already (not the pull request's business).
    struct PullRequest {
        var world: World
        var ids: [String: String]
        var saved: URL

        static func open(moveBaseOn: Bool = false) async throws -> PullRequest {
            let world = try await World.make(suite: PlanMergeBindingTests.suite)
            let ids = try world.fleet.seed(
                profiles: [ProfileSeed("web-ec2", role: "web-app"), ProfileSeed("search-ec2", role: "search"),
                           ProfileSeed("db-ec2", role: "db")],
                instances: [
                    InstanceSeed("pay-1", tags: ["team": "payments"], profile: "web-ec2"),
                    InstanceSeed("pay-2", tags: ["team": "payments"], profile: "web-ec2"),
                    InstanceSeed("db-1", tags: ["team": "db"], profile: nil),
                ])
            try world.commit([
                "policy.yaml": ManifestText.policy(),
                "payments.yaml": ManifestText.assignment("payments", tags: ["team": "payments"], profile: "web-ec2"),
                "db.yaml": ManifestText.assignment("db", tags: ["team": "db"], profile: "db-ec2"),
            ])
            try world.repo.git("checkout", "--quiet", "-b", "feature")
            try world.commit(["payments.yaml": ManifestText.assignment("payments", tags: ["team": "payments"], profile: "search-ec2")])
            if moveBaseOn {
                try world.repo.git("checkout", "--quiet", "main")
                try world.commit(["db.yaml": ManifestText.assignment("db", tags: ["team": "db"], profile: "web-ec2")])
                try world.repo.git("checkout", "--quiet", "feature")
            }
            let saved = world.directory.url.appendingPathComponent("plan.json")
            let planned = try world.rolesync("plan", "--base", "main", "--format", "json", "--out", saved.path)
            guard planned.exitCode == 0 else { throw CommandFailed(result: planned) }
            return PullRequest(world: world, ids: ids, saved: saved)
        }

        /// Merges the pull request into main with a merge commit; returns it.
        @discardableResult
        func merge() throws -> String {
            try world.repo.git("checkout", "--quiet", "main")
            try world.repo.git("merge", "--quiet", "--no-ff", "--no-edit", "feature")
            return try world.repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func applySaved() throws -> ProcessResult {
            try world.rolesync("apply", "--plan", saved.path, "--auto-approve", "--format", "json", "--ref", "main")
        }
    }

    @Test func aReviewedPlanAppliesAfterTheMergeAsTheMergeCommit() async throws {
        let pull = try await PullRequest.open()
        defer { pull.world.remove() }
        let merged = try pull.merge()

        let applied = try pull.applySaved()

        #expect(applied.exitCode == 0, "\(applied.output)")
        let outcome = try Plan.decode(from: Data(applied.stdout.utf8))
        #expect(outcome.desiredRevision == merged, "the plan is applied as the commit that merged it")
        #expect(Set(outcome.actions.map(\.instanceId)) == [pull.ids["pay-1"]!, pull.ids["pay-2"]!])
        #expect(outcome.actions.allSatisfy { $0.status == .succeeded }, "\(applied.output)")
        let live = try pull.world.fleet.associations()
        #expect(live[pull.ids["pay-1"]!] == "search-ec2" && live[pull.ids["pay-2"]!] == "search-ec2")
        #expect(live[pull.ids["db-1"]!] == nil, "drift the pull request did not cause is left to a later run")
        let record = try pull.world.repo.git("log", "-1", "--format=%B", "rolesync/decisions")
        #expect(record.contains(String(merged.prefix(7))), "\(record)")
    }

    @Test func aFleetThatMovedAfterTheReviewIsRefusedAndNothingChanges() async throws {
        let pull = try await PullRequest.open()
        defer { pull.world.remove() }
        try pull.merge()
        // Someone swaps pay-1's profile between the review and the apply.
        try pull.world.fleet.setProfile("db-ec2", of: pull.ids["pay-1"]!)

        let applied = try pull.applySaved()

        #expect(applied.exitCode == 1, "\(applied.output)")
        #expect(applied.stderr.contains("the live state changed since the saved plan was made"), "\(applied.output)")
        let live = try pull.world.fleet.associations()
        #expect(live[pull.ids["pay-1"]!] == "db-ec2" && live[pull.ids["pay-2"]!] == "web-ec2")
        #expect(try pull.world.decisionCommits().isEmpty)
    }

    @Test func aMergeThatBringsOtherManifestsIsRefusedNamingTheChange() async throws {
        let pull = try await PullRequest.open(moveBaseOn: true)
        defer { pull.world.remove() }
        try pull.merge()

        let applied = try pull.applySaved()

        #expect(applied.exitCode == 1, "\(applied.output)")
        #expect(applied.stderr.contains("with other manifests"), "\(applied.output)")
        #expect(applied.stderr.contains("db.yaml:8 InstanceRoleAssignment/db instanceProfile: db-ec2 → web-ec2"), "\(applied.output)")
        let live = try pull.world.fleet.associations()
        #expect(live[pull.ids["pay-1"]!] == "web-ec2" && live[pull.ids["pay-2"]!] == "web-ec2")
    }
}
