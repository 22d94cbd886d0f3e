import Foundation
import Testing
import RoleSyncCore

/// YAML itself: 1.1 typing that must not change meaning, syntax errors, and files that are
/// not rolesync manifests.
@Suite struct ManifestYAMLTests {
    @Test func yaml11LookalikesStayStringsWhereStringsAreExpected() throws {
        let yaml = """
            apiVersion: rolesync.dev/v1
            kind: InstanceRoleAssignment
            metadata:
              name: 010
            spec:
              selector:
                tags: {env: no, on: yes, build: 1e3, mask: 0x1F, empty: "", when: 2027-01-01}
              accounts: [012345678901, 111122223333]
              instanceProfile: off
            """
        let state = try #require(loadManifests([("a.yaml", yaml)]).desiredState)
        let assignment = try #require(state.assignments.first)
        #expect(assignment.name == "010")
        #expect(assignment.selector.tags == [
            "env": "no", "on": "yes", "build": "1e3", "mask": "0x1F", "empty": "", "when": "2027-01-01",
        ])
        #expect(assignment.accounts == ["012345678901", "111122223333"])
        #expect(assignment.instanceProfile == .name("off"))
    }

    @Test func unquotedNullMeansAbsent() throws {
        let yaml = """
            apiVersion: rolesync.dev/v1
            kind: InstanceRoleAssignment
            metadata: {name: web}
            spec:
              selector: {tags: {app: web}}
              regions: ~
              accounts: null
              instanceProfile: web
            """
        let assignment = try #require(loadManifests([("a.yaml", yaml)]).desiredState?.assignments.first)
        #expect(assignment.regions == nil)
        #expect(assignment.accounts == nil)
    }

    static let policyHeader = "apiVersion: rolesync.dev/v1\nkind: ReconcilePolicy\nmetadata: {name: default}\nspec:\n"

    @Test(arguments: [
        ("yes", "\"yes\""), ("no", "\"no\""), ("on", "\"on\""), ("off", "\"off\""), ("True", "\"True\""),
        ("\"true\"", "the quoted string \"true\""), ("y", "\"y\""),
    ])
    func yaml11BooleansAreRefused(written: String, found: String) {
        #expect(problemLines(Self.policyHeader + "  suspend: \(written)\n") == [
            "t.yaml:5:12: error: spec.suspend: expected true or false, found \(found)",
        ])
    }

    @Test(arguments: ["010", "1e3", "0x10", "5.0", "1_000"])
    func integersMustBePlainDecimal(written: String) {
        #expect(problemLines(Self.policyHeader + "  maxChanges: \(written)\n") == [
            "t.yaml:5:15: error: spec.maxChanges: expected a non-negative integer, found \"\(written)\"",
        ])
    }

    @Test func syntaxErrorInALaterDocumentKeepsEarlierDocumentsValidated() {
        let yaml = """
            apiVersion: rolesync.dev/v1
            kind: InstanceRoleAssignment
            metadata: {name: Web}
            spec: {selector: {tags: {a: b}}, instanceProfile: web}
            ---
            apiVersion: rolesync.dev/v1
            kind: Exemption
            metadata:
              name: vendor
             spec: {}
            """
        #expect(problemLines(yaml) == [
            "t.yaml:3:18: error: metadata.name: malformed name \"Web\": expected 1-253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
            "t.yaml:10:2: error: YAML syntax error: did not find expected key (while parsing a block mapping at 6:1)",
        ])
    }

    @Test func syntaxErrorInTheFirstDocument() {
        let yaml = "apiVersion: rolesync.dev/v1\nkind: [InstanceRoleAssignment\nmetadata: {name: web}\n"
        #expect(problemLines(yaml) == [
            "t.yaml:3:9: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at 2:7)",
        ])
    }

    @Test func duplicateKeysAreSyntaxErrors() {
        let yaml = "apiVersion: rolesync.dev/v1\nkind: Exemption\nmetadata: {name: a}\nspec:\n  reason: x\n  reason: y\n"
        #expect(problemLines(yaml) == [
            "t.yaml:5:3: error: YAML syntax error: duplicate key \"reason\" in one mapping (first occurrence here)",
        ])
    }

    @Test func brokenYAMLThatIsNotOursIsSkipped() {
        let report = loadManifests([("charts/templates/deploy.yaml", "metadata:\n  name: {{ .Values.name }}\n  x: [\n")])
        #expect(report.problems == [])
        #expect(report.skipped.map(\.path) == ["charts/templates/deploy.yaml"])
        #expect(report.skipped.first?.reason.hasPrefix("not valid YAML (4:1: YAML syntax error:") == true)
    }

    @Test func fileWithoutRolesyncDocumentsIsSkippedWithItsReason() throws {
        let report = loadManifests([
            (".github/workflows/ci.yml", "on: [push]\njobs:\n  test: {runs-on: ubuntu-latest}\n"),
            ("k8s.yaml", "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: example.com/v1\nkind: Exemption\n"),
            ("empty.yaml", "# nothing here\n"),
            ("blank-docs.yaml", "---\n---\n"),
        ])
        #expect(report.problems == [])
        #expect(report.skipped == [
            SkippedFile(path: ".github/workflows/ci.yml", reason: "no document declares apiVersion: rolesync.dev/v1"),
            SkippedFile(path: "blank-docs.yaml", reason: "no YAML documents"),
            SkippedFile(path: "empty.yaml", reason: "no YAML documents"),
            SkippedFile(
                path: "k8s.yaml",
                reason: "no document declares apiVersion: rolesync.dev/v1 (a document has kind Exemption but \"example.com/v1\")"),
        ])
        #expect(report.filesRead == 4)
        #expect(report.manifestsRead == 0)
        let state = try #require(report.desiredState)
        #expect(state == DesiredState(revision: "rev-1", assignments: [], manifestDigest: state.manifestDigest))
        #expect(state.manifestDigest?.hasPrefix("sha256:") == true, "skipped files still count as read")
    }

    @Test func mixedFileValidatesOnlyRolesyncDocuments() throws {
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Not_Checked}\n---\n---\n"
            + "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata: {name: web}\n"
            + "spec: {selector: {tags: {a: b}}, instanceProfile: web}\n"
        let report = loadManifests([("mixed.yaml", yaml)])
        #expect(report.problems == [])
        #expect(report.skipped == [])
        #expect(report.manifestsRead == 1)
        #expect(try #require(report.desiredState).assignments.map(\.source.description) == ["mixed.yaml:6"])
    }

    @Test func invalidUTF8MentioningRolesyncIsAnError() {
        var bytes = Array("apiVersion: rolesync.dev/v1\nkind: Exemption\n".utf8)
        bytes.append(0xFF)
        let report = ManifestLoader.load([ManifestFile(path: "bin.yaml", contents: .init(bytes))], revision: "r")
        #expect(report.problems.map(\.description) == ["bin.yaml:1:1: error: file is not valid UTF-8 text"])
    }
}

/// A policy or exemption with a forgotten or misspelt apiVersion must not be skipped: the
/// defaults that would apply instead (enforce mode, no protection) are the unsafe ones.
@Suite struct ManifestNearMissTests {
    @Test(arguments: [
        ("kind: ReconcilePolicy\nmetadata: {name: default}\nspec: {mode: observe}\n",
         "p.yaml:1:1: error: apiVersion: required field is missing"),
        ("apiVersion: rolesync.io/v1\nkind: ReconcilePolicy\nmetadata: {name: default}\nspec: {mode: observe}\n",
         "p.yaml:1:13: error: apiVersion: unsupported version \"rolesync.io/v1\"; expected rolesync.dev/v1"),
    ])
    func nearMissIsAnError(yaml: String, expected: String) {
        let report = ManifestLoader.load([ManifestFile(path: "p.yaml", contents: Data(yaml.utf8))], revision: "rev-1")
        #expect(report.problems.map(\.description) == [expected])
        #expect(report.desiredState == nil)
        #expect(report.skipped.isEmpty)
    }
}

@Test func anAccountsRoleMustBeInThatAccount() {
    let yaml = """
        apiVersion: rolesync.dev/v1
        kind: ReconcilePolicy
        metadata: {name: default}
        spec:
          accounts:
            - {id: "111122223333", roleArn: "arn:aws:iam::444455556666:role/rolesync"}
        """
    let report = ManifestLoader.load([ManifestFile(path: "p.yaml", contents: Data(yaml.utf8))], revision: "rev-1")
    #expect(report.problems.map(\.description) == [
        "p.yaml:6:37: error: spec.accounts[0].roleArn: role arn:aws:iam::444455556666:role/rolesync is not in account 111122223333",
    ])
}
