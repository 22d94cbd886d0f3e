import Testing
import RoleSyncCore

/// Rules that need more than one document: names, the single policy, instance conflicts.
@Suite struct ManifestCrossCheckTests {
    static func assignment(_ name: String, ids: String, profile: String) -> String {
        "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata:\n  name: \(name)\nspec:\n"
            + "  selector: {instanceIds: [\(ids)]}\n  instanceProfile: \(profile)\n"
    }

    static let policy = "apiVersion: rolesync.dev/v1\nkind: ReconcilePolicy\nmetadata: {name: default}\nspec: {}\n"

    @Test func duplicateNameWithinAKindIsReportedAtTheSecond() {
        let report = loadManifests([
            ("b.yaml", Self.assignment("web", ids: "i-1234abcd", profile: "web")),
            ("a.yaml", Self.assignment("web", ids: "i-2234abcd", profile: "web")),
        ])
        #expect(report.problems.map(\.description) == [
            "b.yaml:4:9: error: metadata.name: duplicate InstanceRoleAssignment name \"web\"; first defined at a.yaml:4",
        ])
    }

    @Test func theSameNameInTwoKindsIsAllowed() {
        let exemption = "apiVersion: rolesync.dev/v1\nkind: Exemption\nmetadata: {name: web}\n"
            + "spec: {selector: {tags: {a: b}}, reason: r, expires: 2030-01-01}\n"
        let report = loadManifests([("a.yaml", Self.assignment("web", ids: "i-1234abcd", profile: "web") + "---\n" + exemption)])
        #expect(report.problems == [])
        #expect(report.desiredState?.exemptions.map(\.name) == ["web"])
    }

    @Test func everyExtraPolicyIsReported() {
        let report = loadManifests([("p.yaml", Self.policy + "---\n" + Self.policy), ("q.yaml", Self.policy)])
        #expect(report.problems.map(\.description) == [
            "p.yaml:7:7: error: kind: a repository holds at most one ReconcilePolicy; the first is at p.yaml:1",
            "p.yaml:8:18: error: metadata.name: duplicate ReconcilePolicy name \"default\"; first defined at p.yaml:3",
            "q.yaml:2:7: error: kind: a repository holds at most one ReconcilePolicy; the first is at p.yaml:1",
            "q.yaml:3:18: error: metadata.name: duplicate ReconcilePolicy name \"default\"; first defined at p.yaml:3",
        ])
    }

    @Test func oneInstanceWithTwoProfilesIsAConflict() {
        let report = loadManifests([
            ("a.yaml", Self.assignment("web", ids: "i-1234abcd, i-0123456789abcdef0", profile: "web")),
            ("b.yaml", Self.assignment("api", ids: "i-0123456789abcdef0", profile: "none")),
        ])
        #expect(report.problems.map(\.description) == [
            "b.yaml:6:28: error: spec.selector.instanceIds[0]: instance i-0123456789abcdef0 is assigned none here but web by \"web\" at a.yaml:6",
        ])
        #expect(report.desiredState == nil)
    }

    @Test func oneInstanceWithTheSameProfileTwiceIsAllowed() {
        let report = loadManifests([
            ("a.yaml", Self.assignment("web", ids: "i-1234abcd", profile: "web")),
            ("b.yaml", Self.assignment("api", ids: "i-1234abcd", profile: "arn:aws:iam::123456789012:instance-profile/web")),
        ])
        #expect(report.problems == [])
        #expect(report.desiredState?.assignments.count == 2)
    }
}
