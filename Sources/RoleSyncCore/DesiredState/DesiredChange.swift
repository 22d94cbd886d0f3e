/// One field of one manifest that differs between the merge base and the head.
public struct FieldChange: Sendable, Hashable, Codable {
    /// The spec field, e.g. `instanceProfile`, `selector`, `mode`.
    public var field: String
    /// The value at the merge base as written; nil when the field was not set.
    public var from: String?
    /// The value at the head as written; nil when the field is no longer set.
    public var to: String?
    /// Where the head writes the field (the base's line when the head removed it).
    public var source: SourceLocation?

    public init(field: String, from: String?, to: String?, source: SourceLocation?) {
        self.field = field
        self.from = from
        self.to = to
        self.source = source
    }
}

/// A manifest the pull request adds, removes or edits, matched by kind and `metadata.name`.
public struct ManifestChange: Sendable, Hashable, Codable, Comparable {
    public enum Change: String, Sendable, Hashable, Codable {
        case added, removed, changed
    }

    /// `InstanceRoleAssignment`, `Exemption` or `ReconcilePolicy`.
    public var kind: String
    public var name: String
    public var change: Change
    /// The head's document (the base's for a removed manifest).
    public var source: SourceLocation?
    /// Field by field; every field of the manifest for an added or removed one.
    public var fields: [FieldChange]

    public init(kind: String, name: String, change: Change, source: SourceLocation?, fields: [FieldChange]) {
        self.kind = kind
        self.name = name
        self.change = change
        self.source = source
        self.fields = fields
    }

    /// `InstanceRoleAssignment/payments`: how the instances that a change moves name it.
    public var key: String { "\(kind)/\(name)" }

    public static func < (lhs: ManifestChange, rhs: ManifestChange) -> Bool {
        (order(lhs.kind), lhs.name) < (order(rhs.kind), rhs.name)
    }

    private static func order(_ kind: String) -> Int {
        ["ReconcilePolicy", "InstanceRoleAssignment", "Exemption"].firstIndex(of: kind) ?? 3
    }
}

/// The manifests that differ between two desired states: what a pull request edits.
public enum DesiredChange {
    public static func changes(from base: DesiredState, to head: DesiredState) -> [ManifestChange] {
        var changes: [ManifestChange] = []
        changes += compare(
            base.assignments.map(ManifestFields.init), head.assignments.map(ManifestFields.init))
        changes += compare(base.exemptions.map(ManifestFields.init), head.exemptions.map(ManifestFields.init))
        // A repository without a ReconcilePolicy has the defaults: comparing the two values
        // shows an added policy as the fields it changes from the defaults.
        let basePolicy = ManifestFields(base.policy), headPolicy = ManifestFields(head.policy)
        let fields = fieldChanges(basePolicy, headPolicy)
        if !fields.isEmpty {
            let change: ManifestChange.Change = base.policy.source == nil ? .added : head.policy.source == nil ? .removed : .changed
            changes.append(ManifestChange(
                kind: headPolicy.kind, name: head.policy.source == nil ? base.policy.name : head.policy.name,
                change: change, source: head.policy.source ?? base.policy.source, fields: fields))
        }
        return changes.sorted()
    }

    private static func compare(_ base: [ManifestFields], _ head: [ManifestFields]) -> [ManifestChange] {
        let baseByName = Dictionary(base.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let headNames = Set(head.map(\.name))
        var changes: [ManifestChange] = []
        for manifest in head {
            guard let old = baseByName[manifest.name] else {
                changes.append(manifest.whole(.added))
                continue
            }
            let fields = fieldChanges(old, manifest)
            if !fields.isEmpty {
                changes.append(ManifestChange(
                    kind: manifest.kind, name: manifest.name, change: .changed, source: manifest.source, fields: fields))
            }
        }
        for manifest in base where !headNames.contains(manifest.name) {
            changes.append(manifest.whole(.removed))
        }
        return changes
    }

    private static func fieldChanges(_ base: ManifestFields, _ head: ManifestFields) -> [FieldChange] {
        let names = (head.values.map { $0.field } + base.values.map { $0.field }).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        return names.compactMap { field in
            let from = base.value(field), to = head.value(field)
            guard from != to else { return nil }
            return FieldChange(
                field: field, from: from, to: to,
                source: head.locations[field] ?? head.source ?? base.locations[field] ?? base.source)
        }
    }
}
