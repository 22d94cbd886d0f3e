import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `rolesync plan --base` on a pull request whose base moved on after the branch was cut: the
/// comment names exactly the instances the pull request moves and the line that moves them.
@Suite(.serialized) struct PlanBaseCommandTests {
    static let suite = "plan-base"

    @Test func theCommentNamesThePullRequestsInstancesAndLineOnly() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await world.fleet.seed(
            profiles: [ProfileSeed("web-ec2", role: "web-app"), ProfileSeed("search-ec2", role: "search"),
                       ProfileSeed("db-ec2", role: "db")],
            instances: [
                InstanceSeed("pay-1", tags: ["team": "payments"], profile: "web-ec2"),
                InstanceSeed("pay-2", tags: ["team": "payments"], profile: "web-ec2"),
                InstanceSeed("db-1", tags: ["team": "db"], profile: "db-ec2"),
            ])
        let fork = try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "payments.yaml": ManifestText.assignment("payments", tags: ["team": "payments"], profile: "web-ec2"),
            "db.yaml": ManifestText.assignment("db", tags: ["team": "db"], profile: "db-ec2"),
        ])
        try await world.repo.git("checkout", "--quiet", "-b", "feature")
        try await world.commit(["payments.yaml": ManifestText.assignment("payments", tags: ["team": "payments"], profile: "search-ec2")])
        // The base moves on: this change is main's, not the pull request's.
        try await world.repo.git("checkout", "--quiet", "main")
        try await world.commit(["db.yaml": ManifestText.assignment("db", tags: ["team": "db"], profile: "web-ec2")])
        try await world.repo.git("checkout", "--quiet", "feature")
        let saved = world.directory.url.appendingPathComponent("plan.json")

        let markdown = try await world.rolesync("plan", "--base", "main", "--format", "markdown")
        let json = try await world.rolesync("plan", "--base", "main", "--format", "json", "--out", saved.path)
        // No repository and no AWS settings: show reads the saved plan and nothing else.
        let shown = try await RoleSyncBinary.run(
            ["show", saved.path, "--format", "markdown"], environment: ["HOME": world.directory.url.path], input: nil)

        #expect(markdown.exitCode == 0, "\(markdown.output)")
        let plan = try Plan.decode(from: Data(contentsOf: saved))
        let review = try #require(plan.review)
        #expect(json.exitCode == 0, "\(json.output)")
        #expect(review.mergeBase == fork)
        #expect(Set(review.instances.map(\.instanceId)) == [ids["pay-1"]!, ids["pay-2"]!])
        #expect(review.instances.allSatisfy { $0.from == "web-ec2" && $0.to == "search-ec2" })
        #expect(review.manifests.map(\.key) == ["InstanceRoleAssignment/payments"])
        #expect(Set(plan.actions.map(\.instanceId)) == [ids["pay-1"]!, ids["pay-2"]!])
        #expect(plan.summary.instances == 2 && plan.summary.actions == 2)

        let comment = markdown.stdout
        #expect(comment.hasPrefix("<!-- rolesync-plan -->\n"))
        #expect(comment.contains(ids["pay-1"]!) && comment.contains(ids["pay-2"]!))
        #expect(!comment.contains(ids["db-1"]!), "main's own change is not the pull request's")
        #expect(comment.contains("payments.yaml:8 instanceProfile"), "\(comment)")
        #expect(shown.exitCode == 0, "\(shown.output)")
        #expect(shown.stdout == comment, "show renders the saved plan as plan did")
    }

    @Test func anInvalidHeadShowsOnlyItsErrors() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
        ])
        try await world.repo.git("checkout", "--quiet", "-b", "feature")
        try await world.commit(["web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2") + "  colour: blue\n"])

        let result = try await world.rolesync("plan", "--base", "main", "--format", "markdown")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stdout.hasPrefix("<!-- rolesync-plan -->"))
        #expect(result.stdout.contains("web.yaml:9"), "\(result.stdout)")
        #expect(!result.stdout.contains("Actions"))
    }
}
