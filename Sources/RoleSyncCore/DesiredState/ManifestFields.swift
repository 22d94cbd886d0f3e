/// One manifest flattened to its spec fields as text, the form a reviewer compares: equal text,
/// equal meaning (lists and maps are written in a fixed order).
struct ManifestFields {
    var kind: String
    var name: String
    var source: SourceLocation?
    var locations: FieldLocations
    /// Set fields only, in the manifest schema's order.
    var values: [(field: String, text: String)]

    func value(_ field: String) -> String? { values.first { $0.field == field }?.text }

    /// Every field as added (to) or removed (from).
    func whole(_ change: ManifestChange.Change) -> ManifestChange {
        let fields = values.map {
            FieldChange(
                field: $0.field, from: change == .removed ? $0.text : nil, to: change == .added ? $0.text : nil,
                source: locations[$0.field] ?? source)
        }
        return ManifestChange(kind: kind, name: name, change: change, source: source, fields: fields)
    }

    init(_ assignment: InstanceRoleAssignment) {
        kind = "InstanceRoleAssignment"
        name = assignment.name
        source = assignment.source
        locations = assignment.fieldLocations
        values = [("selector", Self.text(assignment.selector))]
        if let regions = assignment.regions { values.append(("regions", Self.list(regions))) }
        if let accounts = assignment.accounts { values.append(("accounts", Self.list(accounts))) }
        values.append(("instanceProfile", assignment.instanceProfile.description))
    }

    init(_ exemption: Exemption) {
        kind = "Exemption"
        name = exemption.name
        source = exemption.source
        locations = exemption.fieldLocations
        values = [("selector", Self.text(exemption.selector)), ("reason", exemption.reason), ("expires", exemption.expires)]
    }

    /// Every field, defaults included: a policy always has a value for each.
    init(_ policy: ReconcilePolicy) {
        kind = "ReconcilePolicy"
        name = policy.name
        source = policy.source
        locations = policy.fieldLocations
        let accounts = policy.accounts.map { account in account.roleArn.map { "\(account.id) (\($0))" } ?? account.id }
        values = [
            ("regions", policy.enabledRegions ? "enabled" : Self.list(policy.regions)),
            ("accounts", policy.organization.map(Self.text) ?? Self.list(accounts)), ("mode", policy.mode.rawValue),
            ("unmanaged", policy.unmanaged.rawValue), ("maxChanges", String(policy.maxChanges)),
            ("protect", policy.protect.map(Self.text) ?? "none"), ("suspend", String(policy.suspend)),
            ("scanUserData", String(policy.scanUserData)), ("fixLaunchTemplates", String(policy.fixLaunchTemplates)),
        ]
    }

    /// `instanceIds [i-1, i-2] tags {env=prod, team=web}`.
    static func text(_ selector: InstanceSelector) -> String {
        var parts: [String] = []
        if !selector.instanceIds.isEmpty { parts.append("instanceIds \(list(selector.instanceIds))") }
        if !selector.tags.isEmpty {
            let pairs = selector.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            parts.append("tags {\(pairs.joined(separator: ", "))}")
        }
        return parts.joined(separator: " ")
    }

    /// `organization ous [ou-…] exclude [111122223333] roleName rolesync`; a unit or exclusion
    /// list left out is left out here too, so the whole organization reads `organization roleName …`.
    static func text(_ organization: OrganizationTargets) -> String {
        var parts = ["organization"]
        if !organization.ous.isEmpty { parts.append("ous \(list(organization.ous))") }
        if !organization.exclude.isEmpty { parts.append("exclude \(list(organization.exclude))") }
        parts.append("roleName \(organization.roleName)")
        return parts.joined(separator: " ")
    }

    static func list(_ values: [String]) -> String { "[" + values.sorted().joined(separator: ", ") + "]" }
}
