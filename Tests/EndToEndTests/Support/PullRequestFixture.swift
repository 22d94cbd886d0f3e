import Foundation
import RoleSyncCore
import TestSupport

/// The fleet and repository of a pull request moving the payments instances from web-ec2 to
/// search-ec2 (branch `feature` of `main`), with db-1 drifted on main already: drift that is not
/// the pull request's business. `moveBaseOn` lands another change on main after the branch was cut.
struct PullRequestFixture {
    var world: World
    var ids: [String: String]
    /// Where `reviewed()` saves the plan of `plan --base main`.
    var saved: URL

    static func open(suite: String, moveBaseOn: Bool = false) async throws -> PullRequestFixture {
        let world = try await World.make(suite: suite)
        let ids = try await world.fleet.seed(
            profiles: [ProfileSeed("web-ec2", role: "web-app"), ProfileSeed("search-ec2", role: "search"),
                       ProfileSeed("db-ec2", role: "db")],
            instances: [
                InstanceSeed("pay-1", tags: ["team": "payments"], profile: "web-ec2"),
                InstanceSeed("pay-2", tags: ["team": "payments"], profile: "web-ec2"),
                InstanceSeed("db-1", tags: ["team": "db"], profile: nil),
            ])
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "payments.yaml": ManifestText.assignment("payments", tags: ["team": "payments"], profile: "web-ec2"),
            "db.yaml": ManifestText.assignment("db", tags: ["team": "db"], profile: "db-ec2"),
        ])
        try await world.repo.git("checkout", "--quiet", "-b", "feature")
        try await world.commit(["payments.yaml": ManifestText.assignment("payments", tags: ["team": "payments"], profile: "search-ec2")])
        if moveBaseOn {
            try await world.repo.git("checkout", "--quiet", "main")
            try await world.commit(["db.yaml": ManifestText.assignment("db", tags: ["team": "db"], profile: "web-ec2")])
            try await world.repo.git("checkout", "--quiet", "feature")
        }
        return PullRequestFixture(world: world, ids: ids, saved: world.directory.url.appendingPathComponent("plan.json"))
    }

    /// Saves the review of the head (`plan --base main --format json --out saved`).
    func reviewed() async throws -> PullRequestFixture {
        let planned = try await world.rolesync("plan", "--base", "main", "--format", "json", "--out", saved.path)
        guard planned.exitCode == 0 else { throw CommandFailed(result: planned) }
        return self
    }

    /// Merges the pull request into main with a merge commit; returns it.
    @discardableResult
    func merge() async throws -> String {
        try await world.repo.git("checkout", "--quiet", "main")
        try await world.repo.git("merge", "--quiet", "--no-ff", "--no-edit", "feature")
        return try await world.repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func applySaved() async throws -> ProcessResult {
        try await world.rolesync("apply", "--plan", saved.path, "--auto-approve", "--format", "json", "--ref", "main")
    }
}
