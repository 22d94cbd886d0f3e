import Foundation
import Testing
import TestSupport

/// Hostile desired state, as `rolesync validate` reports it: refused entries are problems
/// (exit 1), printed escaped on one line each, so no file name can forge a line of output.
@Suite struct ValidateBoundsTests {
    static let forged: [RawTreeEntry] = [
        .file("policy.yaml", contents: ManifestText.policy()),
        .directory("teams", [.file("web.yaml", contents: ValidateCommandTests.valid["teams/web.yaml"]!)]),
        .file("a\nb.yaml", contents: "apiVersion: rolesync.dev/v1\n"),
        .directory("x.yaml\n", [.file("a.yaml:1:1: error: forged", contents: "apiVersion: rolesync.dev/v1\n")]),
    ]

    static let expectedErrors = [
        #"a\nb.yaml: error: refused to read an entry whose name contains the control character U+000A; nothing below it was read"#,
        #"x.yaml\n: error: refused to read an entry whose name contains the control character U+000A; nothing below it was read"#,
    ]

    @Test func namesWithNewlinesCannotForgeOutputLines() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        try await world.repo.commitRawTree(Self.forged)

        let result = try await world.rolesync("validate")

        #expect(result.exitCode == 1, "\(result.output)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.filter { $0.contains(": error: ") } == Self.expectedErrors, "\(result.stdout)")
        #expect(!lines.contains { $0.hasPrefix("b.yaml") || $0.hasPrefix("/a.yaml") || $0.hasPrefix("a.yaml:1:1") })
        let head = try await world.repo.revParse("HEAD")
        #expect(result.stdout.hasSuffix("2 file(s), 3 manifest(s) read at \(head.prefix(12)): 2 problem(s)\n"))
    }

    @Test func jsonCarriesTheEscapedNames() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        try await world.repo.commitRawTree(Self.forged)

        let result = try await world.rolesync("validate", "--format", "json")
        let document = try JSONDecoder().decode(
            ValidateCommandTests.ValidationDocument.self, from: Data(result.stdout.utf8))

        #expect(result.exitCode == 1)
        #expect(document.problems.map(\.file) == [#"a\nb.yaml"#, #"x.yaml\n"#])
    }

    @Test func aFileOverTheLimitIsAProblemNamingItsSizeAndTheLimit() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        var files = ValidateCommandTests.valid
        files["teams/big.yaml"] = "# " + String(repeating: "x", count: 2 << 20) + "\n"
        try await world.commit(files)

        let result = try await world.rolesync("validate")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stdout.contains(
            "teams/big.yaml: error: file is 2097155 bytes, over the limit of 1048576 bytes per file; it was not read\n"),
            "\(result.stdout)")
    }

    @Test func theWorktreeIsCheckedToo() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        try await world.commit(ValidateCommandTests.valid)
        try world.repo.write("apiVersion: rolesync.dev/v1\n", to: "teams/evil\n.yaml")

        let result = try await world.rolesync("validate", "--worktree")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stdout.contains(#"teams/evil\n.yaml: error: refused to read"#), "\(result.stdout)")
        #expect(!result.stdout.split(separator: "\n").contains { $0.hasPrefix(".yaml") })
    }

    @Test(.timeLimit(.minutes(1))) func anAliasBombIsAProblemAtItsLine() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        var bomb = "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata: {name: web}\nspec:\n"
        bomb += "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1..<9 {
            bomb += "  a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n"
        }
        var files = ValidateCommandTests.valid
        files["teams/bomb.yaml"] = bomb
        try await world.commit(files)

        let result = try await world.rolesync("validate")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stdout.contains("teams/bomb.yaml:10:"), "\(result.stdout)")
        #expect(result.stdout.contains("refusing to expand them"), "\(result.stdout)")
    }
}
