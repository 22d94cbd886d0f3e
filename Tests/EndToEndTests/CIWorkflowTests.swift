import Foundation
import RoleSyncCore
import Testing
import TestSupport
import Yams

/// The CI examples under examples/ci: the workflows parse and run the review and apply scripts,
/// and those scripts, run here with the built binary against the emulator and a real
/// repository, review a pull request and apply its plan after the merge.
@Suite(.serialized) struct CIWorkflowTests {
    static let suite = "ci-workflows"
    static let examples = RoleSyncBinary.packageRoot().appendingPathComponent("examples/ci")

    static func yaml(_ path: String) throws -> Node {
        let text = try String(contentsOf: examples.appendingPathComponent(path), encoding: .utf8)
        return try #require(try Yams.compose(yaml: text), "\(path) is empty")
    }

    /// Every `run:` script of the workflow's steps, and every `uses:` action.
    static func steps(of workflow: Node, job: String) throws -> (runs: [String], uses: [String]) {
        let steps = try #require(workflow["jobs"]?[job]?["steps"]?.sequence, "job \(job) has steps")
        return (steps.compactMap { $0["run"]?.string }, steps.compactMap { $0["uses"]?.string })
    }

    @Test func theGitHubWorkflowsReviewPullRequestsAndApplyOnMerge() throws {
        let plan = try Self.yaml("github/rolesync-plan.yml")
        let apply = try Self.yaml("github/rolesync-apply.yml")

        #expect(plan["on"]?["pull_request"]?["paths"]?.sequence?.isEmpty == false)
        #expect(plan["permissions"]?["pull-requests"]?.string == "write")
        #expect(plan["permissions"]?["security-events"]?.string == "write")
        #expect(plan["permissions"]?["id-token"]?.string == "write")
        #expect(plan["permissions"]?["contents"]?.string == "read", "the review job cannot push")
        let review = try Self.steps(of: plan, job: "plan")
        #expect(review.runs.contains { $0.contains("examples/ci/review.sh") })
        #expect(review.uses.contains { $0.hasPrefix("github/codeql-action/upload-sarif@") })
        #expect(review.uses.contains { $0.hasPrefix("actions/upload-artifact@") })
        let script = try #require(plan["jobs"]?["plan"]?["steps"]?.sequence?.compactMap { $0["with"]?["script"]?.string }.first)
        #expect(script.contains("'<!-- rolesync-plan -->'"), "the comment is found by the marker rolesync writes")

        #expect(apply["on"]?["push"]?["branches"]?.sequence?.compactMap(\.string) == ["main"])
        #expect(apply["permissions"]?["contents"]?.string == "write")
        let merge = try Self.steps(of: apply, job: "apply")
        #expect(merge.runs.contains { $0.contains("examples/ci/apply.sh") && $0.contains("--ref \"$GITHUB_SHA\"") })
        #expect(merge.runs.contains { $0.contains("rolesync-plan-$pr") }, "the plan comes from the merged pull request's review")
    }

    @Test func theGitLabPipelineReviewsMergeRequestsAndAppliesOnTheDefaultBranch() async throws {
        let pipeline = try Self.yaml("gitlab/.gitlab-ci.yml")
        let review = try #require(pipeline["rolesync:review"])
        let apply = try #require(pipeline["rolesync:apply"])
        let reviewScript = review["script"]?.sequence?.compactMap(\.string) ?? []
        #expect(review["rules"]?.sequence?.first?["if"]?.string == "$CI_PIPELINE_SOURCE == \"merge_request_event\"")
        #expect(reviewScript.contains { $0.contains("examples/ci/review.sh") })
        #expect(reviewScript.contains { $0.contains("gitlab_api.py note rolesync-out/comment.md") })
        #expect(review["variables"]?["COMMENT_LIMIT"]?.string == "1000000")
        #expect(apply["rules"]?.sequence?.first?["if"]?.string == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")
        #expect(apply["script"]?.sequence?.compactMap(\.string).contains { $0.contains("examples/ci/apply.sh") } == true)
        let compiled = try await ProcessRunner.run(
            ["python3", "-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())",
             Self.examples.appendingPathComponent("gitlab/gitlab_api.py").path])
        #expect(compiled.exitCode == 0, "\(compiled.stderr)")
    }

    @Test func theReviewScriptWritesThePlanCommentAndReportsAndApplyScriptAppliesAfterTheMerge() async throws {
        let pull = try await PullRequestFixture.open(suite: Self.suite, moveBaseOn: false)
        defer { pull.world.remove() }
        let out = pull.world.directory.url.appendingPathComponent("rolesync-out")

        let reviewed = try await Self.runScript("review.sh", world: pull.world, environment: ["BASE_REF": "main", "OUT": out.path])

        #expect(reviewed.exitCode == 0, "\(reviewed.stderr)")
        let comment = try String(contentsOf: out.appendingPathComponent("comment.md"), encoding: .utf8)
        #expect(comment.hasPrefix("<!-- rolesync-plan -->\n"))
        #expect(comment.contains(pull.ids["pay-1"]!) && comment.contains(pull.ids["pay-2"]!))
        #expect(!comment.contains(pull.ids["db-1"]!), "db-1's drift is not the pull request's")
        let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("rolesync.sarif"))) as? [String: Any]
        #expect(sarif?["version"] as? String == "2.1.0")
        #expect(try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        #expect(try Plan.decode(from: Data(contentsOf: out.appendingPathComponent("plan.json"))).review != nil)

        try await pull.merge()
        let applied = try await Self.runScript(
            "apply.sh", world: pull.world, environment: ["PLAN": out.appendingPathComponent("plan.json").path, "OUT": out.path],
            arguments: ["--repo", pull.world.repo.path, "--ref", "main"])

        #expect(applied.exitCode == 0, "\(applied.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("apply.md"), encoding: .utf8).contains("succeeded"))
        let live = try await pull.world.fleet.associations()
        #expect(live[pull.ids["pay-1"]!] == "search-ec2" && live[pull.ids["pay-2"]!] == "search-ec2")
    }

    @Test func anInvalidHeadStillGetsItsCommentAndFailsTheJob() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
        ])
        try await world.repo.git("checkout", "--quiet", "-b", "feature")
        try await world.commit(["web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2") + "  colour: blue\n"])
        let out = world.directory.url.appendingPathComponent("rolesync-out")

        let reviewed = try await Self.runScript("review.sh", world: world, environment: ["BASE_REF": "main", "OUT": out.path])

        #expect(reviewed.exitCode == 1, "\(reviewed.stderr)")
        let comment = try String(contentsOf: out.appendingPathComponent("comment.md"), encoding: .utf8)
        #expect(comment.hasPrefix("<!-- rolesync-plan -->") && comment.contains("web.yaml:9"), "\(comment)")
    }

    /// Runs an examples/ci script in the repository's checkout, as a CI job would, with the
    /// built binary as `rolesync` and the emulator's endpoint.
    static func runScript(
        _ name: String, world: World, environment: [String: String], arguments: [String] = []
    ) async throws -> ProcessResult {
        // The machine's own AWS settings never reach the script, as for the binary's own tests.
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        variables.merge(world.awsEnvironment()) { _, new in new }
        variables["AWS_EC2_METADATA_DISABLED"] = "true"
        variables["ROLESYNC"] = try RoleSyncBinary.url().path
        variables.merge(environment) { _, new in new }
        return try await ProcessRunner.runExact(
            ["bash", Self.examples.appendingPathComponent(name).path] + arguments, in: world.repo.url, environment: variables)
    }
}
