import Foundation
import Testing
import RoleSyncCore

/// `accounts: {organization: …, roleName: …}` and `regions: enabled`: what they decode to, and
/// the exact problem each mistake gives.
@Suite struct PolicyOrganizationTests {
    static let head = "apiVersion: rolesync.dev/v1\nkind: ReconcilePolicy\nmetadata: {name: default}\n"

    @Test func organizationAndEnabledRegionsDecode() throws {
        let yaml = Self.head + """
            spec:
              regions: enabled
              accounts:
                organization:
                  ous: [ou-ab12-cdef5678, ou-zz99-0000aaaa]
                  exclude: ["111122223333", 444455556666]
                roleName: rolesync
            """
        let report = loadManifests([("policy.yaml", yaml)])
        #expect(report.problems.map(\.description) == [])
        let policy = try #require(report.desiredState).policy
        #expect(policy.organization == OrganizationTargets(
            ous: ["ou-ab12-cdef5678", "ou-zz99-0000aaaa"], exclude: ["111122223333", "444455556666"], roleName: "rolesync"))
        #expect(policy.accounts == [])
        #expect(policy.enabledRegions)
        #expect(policy.regions == [])
    }

    @Test func wholeOrganizationNeedsNoUnitsOrExclusions() throws {
        let yaml = Self.head + "spec: {regions: [us-east-1], accounts: {organization: {}, roleName: OrgRole}}\n"
        let policy = try #require(loadManifests([("p.yaml", yaml)]).desiredState).policy
        #expect(policy.organization == OrganizationTargets(roleName: "OrgRole"))
        #expect(!policy.enabledRegions)
        #expect(policy.regions == ["us-east-1"])
    }

    @Test func listedFormsAreUnchanged() throws {
        let yaml = Self.head + "spec: {regions: [us-west-2], accounts: [{id: \"111122223333\"}]}\n"
        let policy = try #require(loadManifests([("p.yaml", yaml)]).desiredState).policy
        #expect(policy.organization == nil)
        #expect(policy.accounts == [AccountTarget(id: "111122223333")])
        #expect(!policy.enabledRegions)
    }

    static let mistakes: [ManifestCase] = [
        ManifestCase(
            "malformed unit id",
            head + "spec:\n  accounts:\n    organization: {ous: [ou-xxxx]}\n    roleName: rolesync\n",
            ["t.yaml:6:26: error: spec.accounts.organization.ous[0]: malformed organizational unit id \"ou-xxxx\": "
                + "expected ou- followed by 4-32 lowercase letters or digits, '-', and 8-32 more"]),
        ManifestCase(
            "root id is not a unit",
            head + "spec: {accounts: {organization: {ous: [r-ab12]}, roleName: rolesync}}\n",
            ["t.yaml:4:40: error: spec.accounts.organization.ous[0]: malformed organizational unit id \"r-ab12\": "
                + "expected ou- followed by 4-32 lowercase letters or digits, '-', and 8-32 more"]),
        ManifestCase(
            "malformed excluded account",
            head + "spec:\n  accounts:\n    organization:\n      exclude: [\"1111\"]\n    roleName: rolesync\n",
            ["t.yaml:7:17: error: spec.accounts.organization.exclude[0]: malformed account id \"1111\": expected exactly 12 digits"]),
        ManifestCase(
            "empty role name",
            head + "spec:\n  accounts:\n    organization: {}\n    roleName: \"\"\n",
            ["t.yaml:7:15: error: spec.accounts.roleName: must not be empty"]),
        ManifestCase(
            "role name with a path",
            head + "spec:\n  accounts:\n    organization: {}\n    roleName: ops/rolesync\n",
            ["t.yaml:7:15: error: spec.accounts.roleName: malformed role name \"ops/rolesync\": "
                + "expected a role name: 1-64 of letters, digits and +=,.@_-"]),
        ManifestCase(
            "missing role name",
            head + "spec:\n  accounts:\n    organization: {}\n",
            ["t.yaml:5:3: error: spec.accounts.roleName: required field is missing"]),
        ManifestCase(
            "missing organization",
            head + "spec:\n  accounts: {roleName: rolesync}\n",
            ["t.yaml:5:3: error: spec.accounts.organization: required field is missing"]),
        ManifestCase(
            "unknown key beside organization",
            head + "spec:\n  accounts:\n    organization: {}\n    roleName: rolesync\n    role: x\n",
            ["t.yaml:8:5: error: spec.accounts.role: unknown field; allowed here: organization, roleName"]),
        ManifestCase(
            "unknown key inside organization",
            head + "spec:\n  accounts:\n    organization: {ou: [ou-ab12-cdef5678]}\n    roleName: rolesync\n",
            ["t.yaml:6:20: error: spec.accounts.organization.ou: unknown field; allowed here: ous, exclude"]),
        ManifestCase(
            "empty unit list",
            head + "spec:\n  accounts:\n    organization: {ous: []}\n    roleName: rolesync\n",
            ["t.yaml:6:20: error: spec.accounts.organization.ous: empty list; "
                + "leave ous out to reconcile every account of the organization"]),
        ManifestCase(
            "a word other than enabled",
            head + "spec: {regions: all}\n",
            ["t.yaml:4:17: error: spec.regions: expected a list of regions or enabled "
                + "(every region each account has enabled), found \"all\""]),
        ManifestCase(
            "several mistakes at once",
            head + "spec:\n  accounts:\n    organization: {ous: [ou-xxxx], exclude: [12]}\n    roleName: \"\"\n",
            [
                "t.yaml:6:26: error: spec.accounts.organization.ous[0]: malformed organizational unit id \"ou-xxxx\": "
                    + "expected ou- followed by 4-32 lowercase letters or digits, '-', and 8-32 more",
                "t.yaml:6:46: error: spec.accounts.organization.exclude[0]: malformed account id \"12\": expected exactly 12 digits",
                "t.yaml:7:15: error: spec.accounts.roleName: must not be empty",
            ]),
    ]

    @Test(arguments: mistakes)
    func mistakeIsReportedWithFileLineAndField(_ row: ManifestCase) {
        #expect(problemLines(row.yaml).sorted() == row.expected.sorted())
        #expect(loadManifests([("t.yaml", row.yaml)]).desiredState == nil)
    }
}

/// How `plan --base` reviews (and `show` of their plans) describe the new forms.
@Suite struct PolicyOrganizationReviewTests {
    @Test func organizationAndEnabledRegionsReadAsWritten() throws {
        let base = ReconcilePolicy(
            regions: ["us-east-1"], accounts: [AccountTarget(id: "111122223333")], source: SourceLocation(file: "p.yaml", line: 1))
        var head = ReconcilePolicy(
            organization: OrganizationTargets(ous: ["ou-ab12-cdef5678"], exclude: ["444455556666"], roleName: "rolesync"),
            enabledRegions: true, source: SourceLocation(file: "p.yaml", line: 1))
        let changes = DesiredChange.changes(
            from: DesiredState(revision: "a", assignments: [], policy: base), to: DesiredState(revision: "b", assignments: [], policy: head))
        let fields = try #require(changes.first).fields.map { "\($0.field): \($0.from ?? "-") → \($0.to ?? "-")" }
        #expect(fields == [
            "regions: [us-east-1] → enabled",
            "accounts: [111122223333] → organization ous [ou-ab12-cdef5678] exclude [444455556666] roleName rolesync",
        ])
        head.organization = OrganizationTargets(roleName: "OrgRole")
        let whole = DesiredChange.changes(
            from: DesiredState(revision: "a", assignments: [], policy: base), to: DesiredState(revision: "b", assignments: [], policy: head))
        #expect(try #require(whole.first).fields.map(\.to).contains("organization roleName OrgRole"))
    }
}
