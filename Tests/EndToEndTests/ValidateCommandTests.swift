import Foundation
import Testing
import TestSupport

/// `rolesync validate` run as a user runs it, against real repositories. It never reaches AWS.
@Suite struct ValidateCommandTests {
    static let valid = [
        "policy.yaml": ManifestText.policy(),
        "teams/web.yaml": ManifestText.documents(
            ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
            ManifestText.assignment("sandbox", tags: ["team": "sandbox"], profile: "none")),
    ]

    /// Three mistakes in two files; the positions are where each mistake is written.
    static let invalid = [
        "policy.yaml": """
            apiVersion: rolesync.dev/v1
            kind: ReconcilePolicy
            metadata:
              name: default
            spec:
              regions: [us-east-1]
              mode: enforce-everything

            """,
        "teams/web.yaml": """
            apiVersion: rolesync.dev/v1
            kind: InstanceRoleAssignment
            metadata:
              name: web
            spec:
              selector:
                tags: {team: web}
              instanceProfile: web-ec2
              colour: blue
            ---
            apiVersion: rolesync.dev/v1
            kind: InstanceRoleAssignmnet
            metadata:
              name: typo
            spec: {}

            """,
    ]

    static let invalidPositions = ["policy.yaml:7:9: error:", "teams/web.yaml:9:3: error:", "teams/web.yaml:12:7: error:"]

    @Test func validRepositoryExitsZeroWithItsSummary() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        let revision = try await world.commit(Self.valid)

        let result = try await world.rolesync("validate")

        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.stdout == "2 file(s), 3 manifest(s) read at \(revision.prefix(12)): valid\n")
    }

    @Test func invalidRepositoryListsEveryMistakeWithItsPosition() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        try await world.commit(Self.invalid)

        let result = try await world.rolesync("validate")

        #expect(result.exitCode == 1)
        let errorLines = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errorLines.count == Self.invalidPositions.count, "\(result.stdout)")
        for position in Self.invalidPositions {
            #expect(errorLines.contains { $0.hasPrefix(position) }, "no line starts with \(position) in:\n\(result.stdout)")
        }
        #expect(result.stdout.hasSuffix("problem(s)\n"), "\(result.stdout)")
    }

    @Test func uncommittedEditIsReadOnlyWithWorktree() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        try await world.commit(Self.valid)
        try world.repo.write(Self.invalid["teams/web.yaml"]!, to: "teams/web.yaml")

        let committed = try await world.rolesync("validate")
        let worktree = try await world.rolesync("validate", "--worktree")

        #expect(committed.exitCode == 0, "\(committed.output)")
        #expect(worktree.exitCode == 1, "\(worktree.output)")
        #expect(worktree.stdout.contains("teams/web.yaml:9:3: error:"), "\(worktree.stdout)")
    }

    @Test(arguments: [true, false])
    func jsonOutputParsesAndAgreesWithTheExitCode(valid: Bool) async throws {
        let world = try await World.offline()
        defer { world.remove() }
        let revision = try await world.commit(valid ? Self.valid : Self.invalid)

        let result = try await world.rolesync("validate", "--format", "json")
        let document = try JSONDecoder().decode(ValidationDocument.self, from: Data(result.stdout.utf8))

        #expect(result.exitCode == (valid ? 0 : 1))
        #expect(document.valid == valid)
        #expect(document.revision == revision)
        #expect(document.filesRead == 2)
        let positions = document.problems.map { "\($0.file):\($0.line):\($0.column): error:" }.sorted()
        #expect(positions == (valid ? [] : Self.invalidPositions.sorted()))
    }

    @Test func pathLimitsWhichManifestsAreRead() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        try await world.commit(Self.valid.merging(["broken/web.yaml": Self.invalid["teams/web.yaml"]!]) { first, _ in first })

        let whole = try await world.rolesync("validate")
        let teams = try await world.rolesync("validate", "--path", "teams")

        #expect(whole.exitCode == 1, "\(whole.output)")
        #expect(teams.exitCode == 0, "\(teams.output)")
        #expect(teams.stdout.contains("1 file(s), 2 manifest(s)"), "\(teams.stdout)")
    }

    /// The JSON shape `validate --format json` prints.
    struct ValidationDocument: Decodable {
        var revision: String
        var valid: Bool
        var filesRead: Int
        var manifestsRead: Int
        var problems: [Problem]

        struct Problem: Decodable {
            var file: String
            var line: Int
            var column: Int
            var message: String
        }
    }
}
