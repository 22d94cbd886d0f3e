import Testing
import RoleSyncCore

/// One run reports every mistake of every file, in file, line, column order.
@Suite struct ManifestMultiMistakeTests {
    static let mistakes = """
        apiVersion: rolesync.dev/v1
        kind: InstanceRoleAssignment
        metadata:
          name: Payments_Prod
          owner: team-a
        spec:
          selector:
            instanceIds: [i-12, i-0123456789abcdef0, I-1234ABCD]
            tags: {env: ~}
          regions: [us-east-1, mars-north-1]
          accounts: [12345]
          instanceProfile: "role/web"
          replicas: 3
        ---
        apiVersion: rolesync.dev/v1
        kind: Exemption
        metadata: {name: vendor}
        spec:
          selector: {}
          expires: 2027-13-01
        ---
        apiVersion: rolesync.dev/v1
        kind: ReconcilePolicy
        metadata: {name: default}
        spec:
          mode: Enforce
          maxChanges: many
          suspend: yes
          scanUserData: off
          accounts: [{id: "111122223333", roleArn: "arn:aws:iam::1111:role/x"}]
        ---
        apiVersion: rolesync.dev/v1
        kind: Widget

        """

    @Test func everyMistakeIsReportedInOneRun() {
        let report = loadManifests([("z.yaml", "apiVersion: rolesync.dev/v1\nkind: [\n"), ("teams/web.yaml", Self.mistakes)])
        let region = "expected an AWS region such as us-east-1, eu-central-2 or us-gov-west-1"
        let instanceId = "expected i- followed by 8 or 17 hex digits"
        #expect(report.problems.map(\.description) == [
            "teams/web.yaml:4:9: error: metadata.name: malformed name \"Payments_Prod\": expected 1-253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit",
            "teams/web.yaml:5:3: error: metadata.owner: unknown field; allowed here: name, labels, annotations",
            "teams/web.yaml:8:19: error: spec.selector.instanceIds[0]: malformed instance id \"i-12\": \(instanceId)",
            "teams/web.yaml:8:46: error: spec.selector.instanceIds[2]: malformed instance id \"I-1234ABCD\": \(instanceId)",
            "teams/web.yaml:9:12: error: spec.selector.tags.env: missing value; write \"\" for an empty value",
            "teams/web.yaml:10:24: error: spec.regions[1]: malformed region \"mars-north-1\": \(region)",
            "teams/web.yaml:11:14: error: spec.accounts[0]: malformed account id \"12345\": expected exactly 12 digits",
            "teams/web.yaml:12:20: error: spec.instanceProfile: malformed instance profile \"role/web\": expected none, a profile name (1-128 of letters, digits and +=,.@_-) or arn:aws:iam::<12 digits>:instance-profile/[path/]name",
            "teams/web.yaml:13:3: error: spec.replicas: unknown field; allowed here: selector, regions, accounts, instanceProfile",
            "teams/web.yaml:18:1: error: spec.reason: required field is missing",
            "teams/web.yaml:19:3: error: spec.selector: empty selector: list instanceIds, tags, or both",
            "teams/web.yaml:20:12: error: spec.expires: malformed date \"2027-13-01\": expected a calendar date YYYY-MM-DD",
            "teams/web.yaml:26:9: error: spec.mode: expected enforce or observe, found \"Enforce\"",
            "teams/web.yaml:27:15: error: spec.maxChanges: expected a non-negative integer, found \"many\"",
            "teams/web.yaml:28:12: error: spec.suspend: expected true or false, found \"yes\"",
            "teams/web.yaml:29:17: error: spec.scanUserData: expected true or false, found \"off\"",
            "teams/web.yaml:30:44: error: spec.accounts[0].roleArn: malformed role ARN \"arn:aws:iam::1111:role/x\": expected arn:aws:iam::<12 digits>:role/[path/]name",
            "teams/web.yaml:32:1: error: metadata: required field is missing",
            "teams/web.yaml:32:1: error: spec: required field is missing",
            "teams/web.yaml:33:7: error: kind: unknown kind \"Widget\"; expected one of InstanceRoleAssignment, Exemption, ReconcilePolicy",
            "z.yaml:3:1: error: YAML syntax error: did not find expected node content (while parsing a flow node at 3:1)",
        ])
        #expect(report.problems.count >= 12)
        #expect(report.desiredState == nil)
        #expect(report.manifestsRead == 4)
        #expect(report.filesRead == 2)
    }
}
