import Foundation
import Testing
import RoleSyncCore

/// Loads inline YAML files as the loader would receive them from a repository.
func loadManifests(_ files: [(path: String, yaml: String)], revision: String = "rev-1") -> ManifestLoadReport {
    ManifestLoader.load(files.map { ManifestFile(path: $0.path, contents: Data($0.yaml.utf8)) }, revision: revision)
}

/// Loads one file and renders its problems the way the command line prints them.
func problemLines(_ yaml: String, path: String = "t.yaml") -> [String] {
    loadManifests([(path, yaml)]).problems.map(\.description)
}

/// A table row: a named input and the exact lines it must produce.
struct ManifestCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var expected: [String]

    init(_ name: String, _ yaml: String, _ expected: [String]) {
        self.name = name
        self.yaml = yaml
        self.expected = expected
    }

    var testDescription: String { name }
}

/// A complete valid stream of all three kinds, shared by the decoding and schema tests.
let validStreamYAML = """
    # yaml-language-server: $schema=../manifests/schema/rolesync.json
    apiVersion: rolesync.dev/v1
    kind: InstanceRoleAssignment
    metadata:
      name: payments-prod
      labels: {team: payments}
    spec:
      selector:
        instanceIds: [i-0123456789abcdef0, i-1234abcd]
        tags: {team: payments, env: prod}
      regions: [us-east-1]
      accounts: ["111122223333", 444455556666]
      instanceProfile: payments-ec2-profile
    ---
    apiVersion: rolesync.dev/v1
    kind: InstanceRoleAssignment
    metadata:
      name: batch-no-role
    spec:
      selector:
        tags:
          role: batch
      instanceProfile: none
    ---
    apiVersion: rolesync.dev/v1
    kind: InstanceRoleAssignment
    metadata:
      name: web.gov
    spec:
      selector: {tags: {app: web}}
      regions: [us-gov-west-1]
      instanceProfile: arn:aws-us-gov:iam::123456789012:instance-profile/web/web-profile
    ---
    apiVersion: rolesync.dev/v1
    kind: Exemption
    metadata:
      name: vendor-appliance
    spec:
      selector: {instanceIds: [i-0fedcba9876543210]}
      reason: "Vendor appliance, ticket SEC-142"
      expires: 2027-03-31
    ---
    apiVersion: rolesync.dev/v1
    kind: ReconcilePolicy
    metadata:
      name: default
    spec:
      regions: [us-east-1, us-west-2]
      accounts:
        - id: "111122223333"
          roleArn: arn:aws:iam::111122223333:role/rolesync
        - id: "444455556666"
      mode: observe
      unmanaged: ignore
      maxChanges: 10
      protect: {tags: {"rolesync.dev/protect": "true"}}
      suspend: false
      scanUserData: true

    """
