import Testing
import RoleSyncCore

/// One row per validation rule, each with the exact line the command line would print.
@Suite struct ManifestRuleTests {
    static let header = "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata:\n  name: web\n"
    static let exemptionHeader = "apiVersion: rolesync.dev/v1\nkind: Exemption\nmetadata:\n  name: vendor\n"
    static let policyHeader = "apiVersion: rolesync.dev/v1\nkind: ReconcilePolicy\nmetadata:\n  name: default\n"

    static let documentRules: [ManifestCase] = [
        ManifestCase("unknown kind", "apiVersion: rolesync.dev/v1\nkind: RoleAssignment\nmetadata: {name: x}\nspec: {}\n", [
            "t.yaml:2:7: error: kind: unknown kind \"RoleAssignment\"; expected one of InstanceRoleAssignment, Exemption, ReconcilePolicy",
        ]),
        ManifestCase("unsupported apiVersion", "apiVersion: rolesync.dev/v2\nkind: Exemption\nmetadata: {name: x}\nspec: {selector: {tags: {a: b}}, reason: r, expires: 2030-01-01}\n", [
            "t.yaml:1:13: error: apiVersion: unsupported version \"rolesync.dev/v2\"; expected rolesync.dev/v1",
        ]),
        ManifestCase("unknown top-level field", header + "spec:\n  selector: {tags: {a: b}}\n  instanceProfile: web\nstatus: {}\n", [
            "t.yaml:8:1: error: status: unknown field; allowed here: apiVersion, kind, metadata, spec",
        ]),
        ManifestCase("unknown metadata field", "apiVersion: rolesync.dev/v1\nkind: Exemption\nmetadata:\n  name: x\n  namespace: prod\nspec: {selector: {tags: {a: b}}, reason: r, expires: 2030-01-01}\n", [
            "t.yaml:5:3: error: metadata.namespace: unknown field; allowed here: name, labels, annotations",
        ]),
        ManifestCase("unknown spec field", header + "spec:\n  selectr: {tags: {a: b}}\n  instanceProfile: web\n", [
            "t.yaml:5:1: error: spec.selector: required field is missing",
            "t.yaml:6:3: error: spec.selectr: unknown field; allowed here: selector, regions, accounts, instanceProfile",
        ]),
        ManifestCase("tag key over EC2's 128 characters", header + "spec:\n  selector:\n    tags:\n      kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: a\n  instanceProfile: web\n", [
            "t.yaml:8:7: error: spec.selector.tags: tag key is 129 characters; EC2 allows at most 128",
        ]),
        ManifestCase("tag value over EC2's 256 characters", header + "spec:\n  selector:\n    tags:\n      team: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\n  instanceProfile: web\n", [
            "t.yaml:8:7: error: spec.selector.tags.team: tag value is 257 characters; EC2 allows at most 256",
        ]),
        ManifestCase("unknown selector field", header + "spec:\n  selector: {tags: {a: b}, names: [web]}\n  instanceProfile: web\n", [
            "t.yaml:6:28: error: spec.selector.names: unknown field; allowed here: instanceIds, tags",
        ]),
        ManifestCase("merge key", header + "spec:\n  selector: {tags: {a: b}}\n  <<: {instanceProfile: web}\n", [
            "t.yaml:5:1: error: spec.instanceProfile: required field is missing",
            "t.yaml:7:3: error: spec: merge keys (<<) are not supported; write the fields out",
        ]),
        ManifestCase("missing metadata.name", "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata:\n  labels: {a: b}\nspec: {selector: {tags: {a: b}}, instanceProfile: web}\n", [
            "t.yaml:3:1: error: metadata.name: required field is missing",
        ]),
        ManifestCase("missing metadata", "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nspec: {selector: {tags: {a: b}}, instanceProfile: web}\n", [
            "t.yaml:1:1: error: metadata: required field is missing",
        ]),
        ManifestCase("missing spec", header, ["t.yaml:1:1: error: spec: required field is missing"]),
        ManifestCase("missing kind", "apiVersion: rolesync.dev/v1\nmetadata: {name: x}\nspec: {}\n", [
            "t.yaml:1:1: error: kind: required field is missing",
        ]),
        ManifestCase("spec with no value", header + "spec:\n", ["t.yaml:5:1: error: spec: required field has no value"]),
        ManifestCase("missing instanceProfile", header + "spec:\n  selector: {tags: {a: b}}\n", [
            "t.yaml:5:1: error: spec.instanceProfile: required field is missing",
        ]),
        ManifestCase("metadata is a string", "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata: web\nspec: {selector: {tags: {a: b}}, instanceProfile: web}\n", [
            "t.yaml:3:11: error: metadata: expected a mapping, found \"web\"",
        ]),
        ManifestCase("labels hold a list", "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata:\n  name: web\n  labels: {team: [a]}\nspec: {selector: {tags: {a: b}}, instanceProfile: web}\n", [
            "t.yaml:5:18: error: metadata.labels.team: expected a string, found a list",
        ]),
        ManifestCase("malformed name", "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata:\n  name: Payments_Prod\nspec: {selector: {tags: {a: b}}, instanceProfile: web}\n", [
            "t.yaml:4:9: error: metadata.name: malformed name \"Payments_Prod\": expected 1-253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
        ]),
        ManifestCase("name ends with a dash", "apiVersion: rolesync.dev/v1\nkind: InstanceRoleAssignment\nmetadata: {name: web-}\nspec: {selector: {tags: {a: b}}, instanceProfile: web}\n", [
            "t.yaml:3:18: error: metadata.name: malformed name \"web-\": expected 1-253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
        ]),
    ]

    static let assignmentRules: [ManifestCase] = [
        ManifestCase("malformed instance id", header + "spec:\n  selector:\n    instanceIds: [i-1234abcd, i-12]\n  instanceProfile: web\n", [
            "t.yaml:7:31: error: spec.selector.instanceIds[1]: malformed instance id \"i-12\": expected i- followed by 8 or 17 hex digits",
        ]),
        ManifestCase("uppercase instance id", header + "spec:\n  selector: {instanceIds: [i-0123456789ABCDEF0]}\n  instanceProfile: web\n", [
            "t.yaml:6:28: error: spec.selector.instanceIds[0]: malformed instance id \"i-0123456789ABCDEF0\": expected i- followed by 8 or 17 hex digits",
        ]),
        ManifestCase("empty selector", header + "spec:\n  selector: {}\n  instanceProfile: web\n", [
            "t.yaml:6:3: error: spec.selector: empty selector: list instanceIds, tags, or both",
        ]),
        ManifestCase("selector with empty lists", header + "spec:\n  selector: {instanceIds: [], tags: {}}\n  instanceProfile: web\n", [
            "t.yaml:6:3: error: spec.selector: empty selector: list instanceIds, tags, or both",
        ]),
        ManifestCase("instanceIds is a string", header + "spec:\n  selector: {instanceIds: i-1234abcd}\n  instanceProfile: web\n", [
            "t.yaml:6:27: error: spec.selector.instanceIds: expected a list, found \"i-1234abcd\"",
        ]),
        ManifestCase("tag value left empty", header + "spec:\n  selector:\n    tags:\n      env: ~\n  instanceProfile: web\n", [
            "t.yaml:8:7: error: spec.selector.tags.env: missing value; write \"\" for an empty value",
        ]),
        ManifestCase("profile with a space", header + "spec:\n  selector: {tags: {a: b}}\n  instanceProfile: my profile\n", [
            "t.yaml:7:20: error: spec.instanceProfile: malformed instance profile \"my profile\": expected none, a profile name (1-128 of letters, digits and +=,.@_-) or arn:aws:iam::<12 digits>:instance-profile/[path/]name",
        ]),
        ManifestCase("role ARN given as profile", header + "spec:\n  selector: {tags: {a: b}}\n  instanceProfile: arn:aws:iam::123456789012:role/web\n", [
            "t.yaml:7:20: error: spec.instanceProfile: malformed instance profile \"arn:aws:iam::123456789012:role/web\": expected none, a profile name (1-128 of letters, digits and +=,.@_-) or arn:aws:iam::<12 digits>:instance-profile/[path/]name",
        ]),
        ManifestCase("profile as a list", header + "spec:\n  selector: {tags: {a: b}}\n  instanceProfile: [a, b]\n", [
            "t.yaml:7:20: error: spec.instanceProfile: expected a string, found a list",
        ]),
        ManifestCase("regions is a string", header + "spec:\n  selector: {tags: {a: b}}\n  regions: us-east-1\n  instanceProfile: web\n", [
            "t.yaml:7:12: error: spec.regions: expected a list, found \"us-east-1\"",
        ]),
        ManifestCase("malformed regions", header + "spec:\n  selector: {tags: {a: b}}\n  regions: [us-east, US-EAST-1, us-gov-west-1]\n  instanceProfile: web\n", [
            "t.yaml:7:13: error: spec.regions[0]: malformed region \"us-east\": expected an AWS region such as us-east-1, eu-central-2 or us-gov-west-1",
            "t.yaml:7:22: error: spec.regions[1]: malformed region \"US-EAST-1\": expected an AWS region such as us-east-1, eu-central-2 or us-gov-west-1",
        ]),
        ManifestCase("empty regions", header + "spec:\n  selector: {tags: {a: b}}\n  regions: []\n  instanceProfile: web\n", [
            "t.yaml:7:3: error: spec.regions: empty list; leave the field out to use the policy's regions",
        ]),
        ManifestCase("malformed account ids", header + "spec:\n  selector: {tags: {a: b}}\n  accounts: [1234, \"11112222333a\", 0123456789012]\n  instanceProfile: web\n", [
            "t.yaml:7:14: error: spec.accounts[0]: malformed account id \"1234\": expected exactly 12 digits",
            "t.yaml:7:20: error: spec.accounts[1]: malformed account id \"11112222333a\": expected exactly 12 digits",
            "t.yaml:7:36: error: spec.accounts[2]: malformed account id \"0123456789012\": expected exactly 12 digits",
        ]),
    ]

    static let exemptionRules: [ManifestCase] = [
        ManifestCase("exemption without reason and expires", exemptionHeader + "spec:\n  selector: {instanceIds: [i-1234abcd]}\n", [
            "t.yaml:5:1: error: spec.expires: required field is missing",
            "t.yaml:5:1: error: spec.reason: required field is missing",
        ]),
        ManifestCase("impossible date", exemptionHeader + "spec:\n  selector: {instanceIds: [i-1234abcd]}\n  reason: vendor box\n  expires: 2027-02-29\n", [
            "t.yaml:8:12: error: spec.expires: malformed date \"2027-02-29\": expected a calendar date YYYY-MM-DD",
        ]),
        ManifestCase("date in another format", exemptionHeader + "spec:\n  selector: {instanceIds: [i-1234abcd]}\n  reason: vendor box\n  expires: 31.03.2027\n", [
            "t.yaml:8:12: error: spec.expires: malformed date \"31.03.2027\": expected a calendar date YYYY-MM-DD",
        ]),
        ManifestCase("blank reason", exemptionHeader + "spec:\n  selector: {instanceIds: [i-1234abcd]}\n  reason: \"  \"\n  expires: 2028-02-29\n", [
            "t.yaml:7:11: error: spec.reason: must not be empty",
        ]),
    ]

    static let policyRules: [ManifestCase] = [
        ManifestCase("unknown mode and unmanaged", policyHeader + "spec:\n  mode: enforcing\n  unmanaged: warn\n", [
            "t.yaml:6:9: error: spec.mode: expected enforce or observe, found \"enforcing\"",
            "t.yaml:7:14: error: spec.unmanaged: expected ignore or report, found \"warn\"",
        ]),
        ManifestCase("maxChanges not an integer", policyHeader + "spec:\n  maxChanges: ten\n", [
            "t.yaml:6:15: error: spec.maxChanges: expected a non-negative integer, found \"ten\"",
        ]),
        ManifestCase("negative maxChanges", policyHeader + "spec:\n  maxChanges: -1\n", [
            "t.yaml:6:15: error: spec.maxChanges: expected a non-negative integer, found \"-1\"",
        ]),
        ManifestCase("quoted maxChanges", policyHeader + "spec:\n  maxChanges: \"5\"\n", [
            "t.yaml:6:15: error: spec.maxChanges: expected a non-negative integer, found the quoted string \"5\"",
        ]),
        ManifestCase("suspend is not a boolean", policyHeader + "spec:\n  suspend: 1\n  scanUserData: [true]\n", [
            "t.yaml:6:12: error: spec.suspend: expected true or false, found \"1\"",
            "t.yaml:7:17: error: spec.scanUserData: expected true or false, found a list",
        ]),
        ManifestCase("empty protect selector", policyHeader + "spec:\n  protect: {}\n", [
            "t.yaml:6:3: error: spec.protect: empty selector: list instanceIds, tags, or both",
        ]),
        ManifestCase("malformed account target", policyHeader + "spec:\n  accounts:\n    - id: \"12\"\n      roleArn: arn:aws:iam::111122223333:user/ops\n    - roleArn: arn:aws:iam::111122223333:role/x\n    - \"111122223333\"\n", [
            "t.yaml:7:11: error: spec.accounts[0].id: malformed account id \"12\": expected exactly 12 digits",
            "t.yaml:8:16: error: spec.accounts[0].roleArn: malformed role ARN \"arn:aws:iam::111122223333:user/ops\": expected arn:aws:iam::<12 digits>:role/[path/]name",
            "t.yaml:9:7: error: spec.accounts[1].id: required field is missing",
            "t.yaml:10:7: error: spec.accounts[2]: expected a mapping, found \"111122223333\"",
        ]),
        ManifestCase("unknown policy field", policyHeader + "spec:\n  dryRun: true\n", [
            "t.yaml:6:3: error: spec.dryRun: unknown field; allowed here: regions, accounts, mode, unmanaged, maxChanges, protect, suspend, scanUserData, fixLaunchTemplates",
        ]),
        ManifestCase("fixLaunchTemplates is not a boolean", policyHeader + "spec:\n  fixLaunchTemplates: \"yes\"\n", [
            "t.yaml:6:23: error: spec.fixLaunchTemplates: expected true or false, found the quoted string \"yes\"",
        ]),
    ]

    @Test(arguments: documentRules) func documentRule(_ row: ManifestCase) { check(row) }
    @Test(arguments: assignmentRules) func assignmentRule(_ row: ManifestCase) { check(row) }
    @Test(arguments: exemptionRules) func exemptionRule(_ row: ManifestCase) { check(row) }
    @Test(arguments: policyRules) func policyRule(_ row: ManifestCase) { check(row) }

    @Test func tagsAWSSetsMayBeSelected() throws {
        let yaml = Self.header + "spec:\n  selector: {tags: {aws:autoscaling:groupName: web-asg}}\n  instanceProfile: web\n"
        let report = loadManifests([("t.yaml", yaml)])
        #expect(report.problems.isEmpty)
        let assignment = try #require(report.desiredState?.assignments.first)
        #expect(assignment.selector.tags == ["aws:autoscaling:groupName": "web-asg"])
    }

    private func check(_ row: ManifestCase) {
        let report = loadManifests([("t.yaml", row.yaml)])
        #expect(report.problems.map(\.description) == row.expected)
        #expect(report.desiredState == nil)
    }
}
