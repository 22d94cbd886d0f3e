import Yams

/// Reads the `spec` of `kind: ReconcilePolicy`; every field is optional and defaults to
/// `ReconcilePolicy()`'s value.
enum PolicyDecoder {
    static let fields = ["regions", "accounts", "mode", "unmanaged", "maxChanges", "protect", "suspend", "scanUserData", "fixLaunchTemplates"]
    static let accountFields = ["id", "roleArn"]

    static func decode(spec: FieldMap, name: String, source: SourceLocation, collector: inout ProblemCollector) -> ReconcilePolicy? {
        var policy = ReconcilePolicy(name: name, source: source)
        var isValid = true
        func read<Value>(_ field: String, _ decode: ((key: Node, value: Node), String) -> Value?) -> Value? {
            guard let entry = spec.optional(field) else { return nil }
            let value = decode(entry, spec.fieldPath(field))
            if value == nil { isValid = false }
            return value
        }
        if let regions = read("regions", { regionChoice($0, field: $1, collector: &collector) }) {
            switch regions {
            case .listed(let listed): policy.regions = listed
            case .enabled: policy.enabledRegions = true
            }
        }
        if let accounts = read("accounts", { accountChoice($0, field: $1, collector: &collector) }) {
            switch accounts {
            case .listed(let listed): policy.accounts = listed
            case .organization(let organization): policy.organization = organization
            }
        }
        if let mode = read("mode", { collector.oneOf(ReconcileMode.self, $0.value, field: $1) }) { policy.mode = mode }
        if let unmanaged = read("unmanaged", { collector.oneOf(UnmanagedHandling.self, $0.value, field: $1) }) {
            policy.unmanaged = unmanaged
        }
        if let maxChanges = read("maxChanges", { collector.nonNegativeInteger($0.value, field: $1) }) {
            policy.maxChanges = maxChanges
        }
        if let protect = read("protect", { SelectorDecoder.decode($0, field: $1, collector: &collector) }) {
            policy.protect = protect.selector
        }
        if let suspend = read("suspend", { collector.bool($0.value, field: $1) }) { policy.suspend = suspend }
        if let scan = read("scanUserData", { collector.bool($0.value, field: $1) }) { policy.scanUserData = scan }
        if let fix = read("fixLaunchTemplates", { collector.bool($0.value, field: $1) }) { policy.fixLaunchTemplates = fix }
        return isValid ? policy : nil
    }

    /// `accounts: [{id: "111122223333", roleArn: arn:aws:iam::111122223333:role/rolesync}]`.
    static func accountTargets(_ node: Node, field: String, collector: inout ProblemCollector) -> [AccountTarget]? {
        guard let items = collector.list(node, field: field) else { return nil }
        var targets: [AccountTarget] = []
        for (index, item) in items.enumerated() {
            let itemField = FieldPath.element(field, index)
            guard let map = FieldMap(item, path: itemField, introducedBy: nil, allowed: accountFields, collector: &collector),
                  let idEntry = map.required("id", collector: &collector) else { continue }
            let id = collector.checkedString(
                idEntry.value, field: map.fieldPath("id"), what: "account id", expectation: FieldRules.accountExpectation,
                rule: FieldRules.isAccountId)
            var roleArn: String?
            if let roleEntry = map.optional("roleArn") {
                roleArn = collector.checkedString(
                    roleEntry.value, field: map.fieldPath("roleArn"), what: "role ARN",
                    expectation: FieldRules.roleArnExpectation, rule: FieldRules.isRoleArn)
                if roleArn == nil { continue }
                // A role in another account would read and change that account's instances
                // under this account's id.
                if let id, let roleArn, roleArn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) != id {
                    collector.report(
                        "role \(roleArn) is not in account \(id)", field: map.fieldPath("roleArn"), at: roleEntry.value)
                    continue
                }
            }
            if let id { targets.append(AccountTarget(id: id, roleArn: roleArn)) }
        }
        return targets.count == items.count ? targets : nil
    }
}
