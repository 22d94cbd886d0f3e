import Foundation
import Testing
import RoleSyncCore

/// The JSON Schemas state the loader's rules for editors; these tests keep the two in step.
@Suite struct ManifestSchemaTests {
    static let schemaFiles = ["rolesync.json", "instance-role-assignment.json", "exemption.json", "reconcile-policy.json"]

    /// Each schema file is self-contained (usable alone from a `$schema=` comment), so their
    /// shared definitions must be identical.
    @Test func schemaFilesShareIdenticalDefinitions() throws {
        let directory = try packageRoot().appendingPathComponent("manifests/schema")
        let definitions = try Self.schemaFiles.map { name -> NSDictionary in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema", "\(name)")
            return try #require(schema["$defs"] as? NSDictionary, "\(name) has no $defs")
        }
        for (name, defs) in zip(Self.schemaFiles, definitions).dropFirst() {
            #expect(defs == definitions[0], "\(name) $defs differ from rolesync.json")
        }
    }

    static let assignmentHead = "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata: {name: web}\n"
    static let exemptionHead = "apiVersion: rolesync.dev/v1\nkind: Exemption\nmetadata: {name: vendor}\n"
    static let policyHead = "apiVersion: rolesync.dev/v1\nkind: ReconcilePolicy\nmetadata: {name: default}\n"

    /// Documents both the loader and the schemas must refuse.
    static let invalidDocuments: [(name: String, yaml: String)] = [
        ("malformed instance id", assignmentHead + "spec: {selector: {instanceIds: [i-12]}, instanceProfile: web}\n"),
        ("unknown spec field", assignmentHead + "spec: {selector: {tags: {a: b}}, instanceProfile: web, x: 1}\n"),
        ("unknown top-level field", assignmentHead + "spec: {selector: {tags: {a: b}}, instanceProfile: web}\nstatus: {}\n"),
        ("empty selector", assignmentHead + "spec: {selector: {instanceIds: [], tags: {}}, instanceProfile: web}\n"),
        ("malformed region", assignmentHead + "spec: {selector: {tags: {a: b}}, regions: [mars-1], instanceProfile: web}\n"),
        ("empty regions", assignmentHead + "spec: {selector: {tags: {a: b}}, regions: [], instanceProfile: web}\n"),
        ("malformed account", assignmentHead + "spec: {selector: {tags: {a: b}}, accounts: [\"1234\"], instanceProfile: web}\n"),
        ("malformed profile", assignmentHead + "spec: {selector: {tags: {a: b}}, instanceProfile: my profile}\n"),
        ("role ARN as profile", assignmentHead + "spec: {selector: {tags: {a: b}}, instanceProfile: \"arn:aws:iam::123456789012:role/x\"}\n"),
        ("malformed name", "apiVersion: rolesync.dev/v1\nkind: Exemption\nmetadata: {name: Vendor_1}\nspec: {selector: {tags: {a: b}}, reason: r, expires: 2030-01-01}\n"),
        ("missing expires", exemptionHead + "spec: {selector: {tags: {a: b}}, reason: r}\n"),
        ("date in another format", exemptionHead + "spec: {selector: {tags: {a: b}}, reason: r, expires: 31.03.2027}\n"),
        ("blank reason", exemptionHead + "spec: {selector: {tags: {a: b}}, reason: \" \", expires: 2030-01-01}\n"),
        ("unknown mode", policyHead + "spec: {mode: enforcing}\n"),
        ("negative maxChanges", policyHead + "spec: {maxChanges: -1}\n"),
        ("malformed role ARN", policyHead + "spec: {accounts: [{id: \"111122223333\", roleArn: \"arn:aws:iam::111122223333:user/x\"}]}\n"),
        ("unknown kind", "apiVersion: rolesync.dev/v1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n"),
        ("malformed unit id", policyHead + "spec: {accounts: {organization: {ous: [ou-xxxx]}, roleName: rolesync}}\n"),
        ("malformed excluded account", policyHead + "spec: {accounts: {organization: {exclude: [\"1111\"]}, roleName: r}}\n"),
        ("empty role name", policyHead + "spec: {accounts: {organization: {}, roleName: \"\"}}\n"),
        ("missing role name", policyHead + "spec: {accounts: {organization: {}}}\n"),
        ("unknown organization key", policyHead + "spec: {accounts: {organization: {ou: [ou-ab12-cdef5678]}, roleName: r}}\n"),
        ("regions word other than enabled", policyHead + "spec: {regions: all}\n"),
    ]

    /// The organization and enabled-regions forms pass both.
    static let validPolicies: [(name: String, yaml: String)] = [
        ("organization units", policyHead
            + "spec: {regions: enabled, accounts: {organization: {ous: [ou-ab12-cdef5678], exclude: [\"111122223333\"]}, roleName: rolesync}}\n"),
        ("whole organization", policyHead + "spec: {regions: [us-east-1], accounts: {organization: {}, roleName: rolesync}}\n"),
    ]

    @Test func loaderAndSchemaAcceptTheOrganizationForms() async throws {
        let verdicts = try await Self.verdicts(Self.validPolicies)
        for (row, verdict) in zip(Self.validPolicies, verdicts) {
            #expect(loadManifests([("t.yaml", row.yaml)]).problems.map(\.description) == [], "loader refused: \(row.name)")
            #expect(verdict.errors == [], "schema refused: \(row.name)")
        }
    }

    /// The schemas' verdict on each row, in row order.
    static func verdicts(_ rows: [(name: String, yaml: String)]) async throws -> [ManifestSchemaChecker.Verdict] {
        let checker = ManifestSchemaChecker(schemaDirectory: try packageRoot().appendingPathComponent("manifests/schema"))
        let verdicts = try await checker.verdicts(for: rows.map { ($0.name, $0.yaml) })
        #expect(verdicts.map(\.file) == rows.map(\.name))
        return verdicts
    }

    @Test func loaderAndSchemaRefuseTheSameMistakes() async throws {
        let verdicts = try await Self.verdicts(Self.invalidDocuments)
        for (row, verdict) in zip(Self.invalidDocuments, verdicts) {
            #expect(!loadManifests([("t.yaml", row.yaml)]).problems.isEmpty, "loader accepted: \(row.name)")
            #expect(!verdict.errors.isEmpty, "schema accepted: \(row.name)")
        }
    }
}
