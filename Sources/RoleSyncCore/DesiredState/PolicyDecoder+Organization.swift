import Yams

/// The two forms `regions` and `accounts` take in a policy: written out as lists, or left for
/// AWS to answer (`regions: enabled`, `accounts: {organization: …, roleName: …}`).
extension PolicyDecoder {
    static let organizationAccountsFields = ["organization", "roleName"]
    static let organizationFields = ["ous", "exclude"]
    /// The one word `regions` takes instead of a list.
    static let enabledRegionsWord = "enabled"

    enum RegionChoice {
        case listed([String])
        case enabled
    }

    enum AccountChoice {
        case listed([AccountTarget])
        case organization(OrganizationTargets)
    }

    /// `regions: [us-east-1, …]` or `regions: enabled`.
    static func regionChoice(
        _ entry: (key: Node, value: Node), field: String, collector: inout ProblemCollector
    ) -> RegionChoice? {
        guard let word = entry.value.scalarText else {
            return collector.regions(entry, field: field, refuseEmptyBecause: nil).map(RegionChoice.listed)
        }
        guard word == enabledRegionsWord else {
            collector.report(
                "expected a list of regions or \(enabledRegionsWord) (every region each account has enabled), found \"\(word)\"",
                field: field, at: entry.value)
            return nil
        }
        return .enabled
    }

    /// A list of accounts, or a mapping naming the organization and the role to assume.
    static func accountChoice(
        _ entry: (key: Node, value: Node), field: String, collector: inout ProblemCollector
    ) -> AccountChoice? {
        guard case .mapping = entry.value else {
            return accountTargets(entry.value, field: field, collector: &collector).map(AccountChoice.listed)
        }
        return organizationTargets(entry, field: field, collector: &collector).map(AccountChoice.organization)
    }

    /// `{organization: {ous: [ou-…], exclude: ["111122223333"]}, roleName: rolesync}`; both
    /// keys are required (`organization: {}` is the whole organization), the inner ones optional.
    private static func organizationTargets(
        _ entry: (key: Node, value: Node), field: String, collector: inout ProblemCollector
    ) -> OrganizationTargets? {
        guard let map = FieldMap(
            entry.value, path: field, introducedBy: entry.key, allowed: organizationAccountsFields, collector: &collector)
        else { return nil }
        let organizationEntry = map.required("organization", collector: &collector)
        var roleName: String?
        if let roleEntry = map.required("roleName", collector: &collector),
           let text = collector.nonEmptyString(roleEntry.value, field: map.fieldPath("roleName")) {
            roleName = collector.checkedString(
                roleEntry.value, field: map.fieldPath("roleName"), what: "role name",
                expectation: FieldRules.roleNameExpectation, rule: FieldRules.isRoleName) == nil ? nil : text
        }
        var isValid = true
        var ous: [String] = []
        var exclude: [String] = []
        if let organizationEntry {
            let inner = map.fieldPath("organization")
            if let organization = FieldMap(
                organizationEntry.value, path: inner, introducedBy: organizationEntry.key, allowed: organizationFields,
                collector: &collector) {
                if let ousEntry = organization.optional("ous") {
                    let field = organization.fieldPath("ous")
                    let written = collector.checkedList(
                        ousEntry.value, field: field, what: "organizational unit id",
                        expectation: FieldRules.organizationalUnitExpectation, rule: FieldRules.isOrganizationalUnitId)
                    let items = collector.listCount(ousEntry.value)
                    if let written, written.isEmpty, items == 0 {
                        collector.report(
                            "empty list; leave ous out to reconcile every account of the organization",
                            field: field, at: ousEntry.key)
                        isValid = false
                    } else if let written, written.count == items {
                        ous = written.map(\.value)
                    } else {
                        isValid = false
                    }
                }
                if let excludeEntry = organization.optional("exclude") {
                    let field = organization.fieldPath("exclude")
                    let items = collector.listCount(excludeEntry.value)
                    if let written = collector.accountIds(excludeEntry, field: field, refuseEmptyBecause: nil),
                       written.count == items {
                        exclude = written
                    } else {
                        isValid = false
                    }
                }
            } else {
                isValid = false
            }
        }
        guard isValid, organizationEntry != nil, let roleName else { return nil }
        return OrganizationTargets(ous: ous, exclude: exclude, roleName: roleName)
    }
}

extension ProblemCollector {
    /// How many items a list node holds (0 for anything else, which `list` reports).
    func listCount(_ node: Node) -> Int {
        if case .sequence(let sequence) = node { return sequence.count }
        return 0
    }
}
