import Foundation
import Testing
import RoleSyncCore

/// YAML that stands for far more than it says ("billion laughs") is refused before Yams
/// builds or hashes it, and problems found before loading are reported like any other.
@Suite(.timeLimit(.minutes(1))) struct ManifestBoundsTests {
    static let header = "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata: {name: web}\n"

    /// Nine levels of ten: 10⁹ nodes once expanded, from a dozen lines.
    static func laughs(levels: Int = 9) -> String {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1..<levels {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        return text
    }

    @Test func anAliasBombIsRefusedAtTheLineWhereItPassesTheBound() {
        let yaml = Self.header + "spec:\n" + Self.laughs().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        let lines = problemLines(yaml, path: "bomb.yaml")
        // Level 6 holds 10⁷ nodes: the count passes a million at its eighth alias, on line 10.
        #expect(lines == ["bomb.yaml:10:47: error: YAML aliases expand to more than 1000000 nodes here; refusing to expand them"])
    }

    /// Used as a mapping key, the alias would have Yams hash 10⁹ nodes to look for duplicates.
    @Test func anAliasBombUsedAsAKeyIsRefusedToo() {
        let yaml = Self.header + "spec:\n  tags:\n" + Self.laughs().split(separator: "\n").map { "    " + $0 }
            .joined(separator: "\n") + "\n    ? *a8\n    : boom\n"
        let lines = problemLines(yaml, path: "key.yaml")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("key.yaml:") == true)
        #expect(lines.first?.contains("refusing to expand them") == true)
    }

    @Test func aFileThatDoesNotMentionRolesyncIsSkippedInsteadOfRead() {
        let report = loadManifests([("other.yaml", Self.laughs())])
        #expect(report.problems.isEmpty)
        #expect(report.skipped.first?.reason.contains("refusing to expand them") == true)
        #expect(report.desiredState?.assignments == [])
    }

    @Test func aFewAliasesStayValid() throws {
        let yaml = """
            apiVersion: rolesync.dev/v1
            kind: InstanceRoleAssignment
            metadata: {name: web}
            spec:
              selector: {tags: &tags {team: web}}
              instanceProfile: web-ec2
            ---
            apiVersion: rolesync.dev/v1
            kind: InstanceRoleAssignment
            metadata: {name: web-eu}
            spec:
              selector: {tags: *tags}
              regions: [eu-west-1]
              instanceProfile: web-ec2
            """
        let state = try #require(loadManifests([("a.yaml", yaml)]).desiredState)
        #expect(state.assignments.map(\.selector.tags) == [["team": "web"], ["team": "web"]])
    }

    @Test func problemsFoundBeforeLoadingMakeTheStateInvalidAndPrintWithoutALine() {
        let refused = ManifestProblem(
            location: .wholeFile("teams/big.yaml"), field: nil, detail: "file is 2000 bytes, over the limit")
        let report = ManifestLoader.load(
            [ManifestFile(path: "policy.yaml", contents: Data())], revision: "rev-1", unread: [refused])
        #expect(report.desiredState == nil)
        #expect(report.problems.map(\.description) == ["teams/big.yaml: error: file is 2000 bytes, over the limit"])
    }
}
