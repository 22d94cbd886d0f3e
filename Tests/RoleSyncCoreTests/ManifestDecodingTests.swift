import Foundation
import Testing
import RoleSyncCore

/// A valid stream decodes to exactly these values, sources included.
@Suite struct ManifestDecodingTests {
    @Test func validStreamDecodesToExactDesiredState() throws {
        let report = loadManifests([("teams/payments.yaml", validStreamYAML)], revision: "abc123")
        #expect(report.problems.map(\.description) == [])
        let state = try #require(report.desiredState)
        let file = "teams/payments.yaml"
        let expected = DesiredState(
            revision: "abc123",
            assignments: [
                InstanceRoleAssignment(
                    name: "payments-prod",
                    selector: InstanceSelector(
                        instanceIds: ["i-0123456789abcdef0", "i-1234abcd"], tags: ["team": "payments", "env": "prod"]),
                    regions: ["us-east-1"], accounts: ["111122223333", "444455556666"],
                    instanceProfile: .name("payments-ec2-profile"), source: SourceLocation(file: file, line: 2)),
                InstanceRoleAssignment(
                    name: "batch-no-role", selector: InstanceSelector(tags: ["role": "batch"]),
                    instanceProfile: .none, source: SourceLocation(file: file, line: 15)),
                InstanceRoleAssignment(
                    name: "web.gov", selector: InstanceSelector(tags: ["app": "web"]), regions: ["us-gov-west-1"],
                    instanceProfile: .arn("arn:aws-us-gov:iam::123456789012:instance-profile/web/web-profile"),
                    source: SourceLocation(file: file, line: 25)),
            ],
            exemptions: [
                Exemption(
                    name: "vendor-appliance", selector: InstanceSelector(instanceIds: ["i-0fedcba9876543210"]),
                    reason: "Vendor appliance, ticket SEC-142", expires: "2027-03-31",
                    source: SourceLocation(file: file, line: 34)),
            ],
            policy: ReconcilePolicy(
                name: "default", regions: ["us-east-1", "us-west-2"],
                accounts: [
                    AccountTarget(id: "111122223333", roleArn: "arn:aws:iam::111122223333:role/rolesync"),
                    AccountTarget(id: "444455556666"),
                ],
                mode: .observe, unmanaged: .ignore, maxChanges: 10,
                protect: InstanceSelector(tags: ["rolesync.dev/protect": "true"]), suspend: false, scanUserData: true,
                source: SourceLocation(file: file, line: 43)),
            manifestDigest: ManifestDigest.of([ManifestFile(path: file, contents: Data(validStreamYAML.utf8))]))
        #expect(state == expected)
        #expect(report.filesRead == 1)
        #expect(report.manifestsRead == 5)
        #expect(report.skipped == [])
    }

    @Test func withoutPolicyTheDefaultPolicyApplies() throws {
        let yaml = """
            apiVersion: rolesync.dev/v1
            kind: InstanceRoleAssignment
            metadata: {name: a}
            spec: {selector: {tags: {app: a}}, instanceProfile: a-profile}
            """
        let state = try #require(loadManifests([("a.yaml", yaml)]).desiredState)
        #expect(state.policy == ReconcilePolicy())
        #expect(state.exemptions == [])
    }

    @Test func filesAreReadInPathOrderWhateverTheInputOrder() throws {
        func assignment(_ name: String) -> String {
            "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata: {name: \(name)}\n"
                + "spec: {selector: {tags: {app: \(name)}}, instanceProfile: p}\n"
        }
        let report = loadManifests([("b/z.yaml", assignment("z")), ("a.yml", assignment("a")), ("b/c.YAML", assignment("c"))])
        let state = try #require(report.desiredState)
        #expect(state.assignments.map(\.name) == ["a", "c", "z"])
        #expect(state.assignments.map(\.source.description) == ["a.yml:1", "b/c.YAML:1", "b/z.yaml:1"])
    }

    @Test func nonYAMLFilesAreIgnoredAndNotCounted() {
        let report = loadManifests([("README.md", "# not yaml: [\n"), ("policy.json", "{}"), ("yaml", "x")])
        #expect(report.filesRead == 0)
        #expect(report.skipped == [])
        #expect(report.problems == [])
        #expect(report.desiredState?.assignments == [])
    }

    @Test(arguments: [
        ("a.yaml", true), ("dir/a.yml", true), ("A.YAML", true), ("a.yaml.bak", false), ("a.json", false),
        ("yaml", false), ("Makefile", false),
    ])
    func candidateFiles(path: String, isCandidate: Bool) {
        #expect(ManifestFiles.isCandidate(path: path) == isCandidate)
    }
}
