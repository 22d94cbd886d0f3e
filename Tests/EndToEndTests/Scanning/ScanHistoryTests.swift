import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `rolesync scan --git` with the built binary on a repository made with the git CLI, where a
/// key is added, moved, deleted and added again on another branch.
struct ScanHistoryTests {
    static let keyId = "AKIARZPUZDIKGWOEDYTX"
    static let secret = "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"

    struct History {
        var directory: TemporaryDirectory
        var repo: GitFixture
        var added: String
        var secretOnlyCommit: String
        /// The commit that deleted the key from main.
        var deleted: String

        static func make() async throws -> History {
            let directory = try TemporaryDirectory(prefix: "rolesync-scan-git")
            let repo = try await GitFixture.create("app", in: directory)
            try await repo.commit(["README.md": "app\n"], message: "start")
            let added = try await repo.commit(["deploy/env.sh": "export AWS_ACCESS_KEY_ID=\(keyId)\n"], message: "add key")
            try await repo.git("mv", "deploy/env.sh", "env.sh")
            try await repo.git("commit", "--quiet", "-m", "move")
            try await repo.git("rm", "--quiet", "env.sh")
            try await repo.git("commit", "--quiet", "-m", "delete")
            let deleted = try await repo.revParse("HEAD")
            try await repo.git("checkout", "--quiet", "-b", "release")
            try await repo.commit(["config/app.ini": "[prod]\nkey = \(keyId)\n"], message: "re-add")
            try await repo.git("checkout", "--quiet", "main")
            let secretOnly = try await repo.commit(["ci.yml": "env:\n  AWS_SECRET_ACCESS_KEY: \(secret)\n"], message: "secret")
            try await repo.git("rm", "--quiet", "ci.yml")
            try await repo.git("commit", "--quiet", "-m", "remove secret")
            return History(directory: directory, repo: repo, added: added, secretOnlyCommit: secretOnly, deleted: deleted)
        }

        func scan(_ arguments: String...) async throws -> ProcessResult {
            try await RoleSyncBinary.run(["scan", "--git", repo.path] + arguments, environment: ["HOME": directory.path])
        }
    }

    @Test func eachKeyIsReportedOnceWithItsFirstCommitAndWhetherATipHoldsIt() async throws {
        let history = try await History.make()
        defer { history.directory.remove() }

        let result = try await history.scan("--format", "json")

        #expect(result.exitCode == 2, "\(result.stderr)")
        let document = try RoleSyncJSON.decoder().decode(ScanDocument.self, from: Data(result.stdout.utf8))
        #expect(document.findings.count == 2, "\(result.stdout)")
        let key = try #require(document.findings.first { $0.kind == "access-key-id" })
        #expect(key.location == "deploy/env.sh:1" && key.commit == history.added)
        #expect(key.account == "123456789012" && key.stillPresent == true, "branch release still holds it")
        let secret = try #require(document.findings.first { $0.kind == "secret-access-key" })
        #expect(secret.commit == history.secretOnlyCommit && secret.stillPresent == false)
        #expect(document.commits == 7)
        #expect(!result.stdout.contains(Self.secret) && !result.stdout.contains(Self.keyId))
    }

    @Test func sinceABaselineAndOneBranchNarrowTheScan() async throws {
        let history = try await History.make()
        defer { history.directory.remove() }
        let baseline = history.directory.url.appendingPathComponent("baseline.json")

        let mainOnly = try await history.scan("--branches", "main", "--since", history.deleted)
        let all = try await history.scan("--format", "json")
        try Data(all.stdout.utf8).write(to: baseline)
        let accepted = try await history.scan("--baseline", baseline.path)

        #expect(mainOnly.exitCode == 2)
        #expect(mainOnly.stdout.contains("ci.yml:2: secret-access-key <secret key redacted>"), "\(mainOnly.stdout)")
        #expect(!mainOnly.stdout.contains("access-key-id"), "the key's commits are at or before --since, and release is not walked")
        #expect(accepted.exitCode == 0, "\(accepted.stdout)")
        #expect(accepted.stdout.contains("2 finding(s) accepted by the baseline"))
    }
}
