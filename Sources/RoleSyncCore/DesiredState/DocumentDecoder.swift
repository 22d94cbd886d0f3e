import Yams

/// The three kinds of rolesync manifest.
enum ManifestKind: String, Sendable, Hashable, CaseIterable {
    case instanceRoleAssignment = "InstanceRoleAssignment"
    case exemption = "Exemption"
    case reconcilePolicy = "ReconcilePolicy"
}

/// One rolesync document after decoding: what cross-manifest checks and the final assembly need.
struct DecodedDocument: Sendable, Hashable {
    enum Body: Sendable, Hashable {
        case assignment(DecodedAssignment)
        case exemption(Exemption)
        case policy(ReconcilePolicy)
    }

    var kind: ManifestKind
    var kindLocation: SourceLocation
    /// Nil when `metadata.name` is missing or malformed (already reported).
    var name: String?
    var nameLocation: SourceLocation
    /// The document's first key: the `file:line` drift items point at.
    var source: SourceLocation
    /// Nil when the spec has problems (already reported).
    var body: Body?
}

/// Decodes one document that declares `apiVersion: rolesync.dev/…`.
enum DocumentDecoder {
    static let topLevelFields = ["apiVersion", "kind", "metadata", "spec"]
    static let metadataFields = ["name", "labels", "annotations"]

    /// Nil when the kind is missing or unknown: without it the spec's fields mean nothing.
    static func decode(_ root: Node, collector: inout ProblemCollector) -> DecodedDocument? {
        guard let document = FieldMap(root, path: "", introducedBy: nil, allowed: topLevelFields, collector: &collector) else {
            return nil
        }
        let source = collector.location(of: root)
        checkAPIVersion(document, collector: &collector)
        let name = decodeMetadata(document, collector: &collector)
        let kindEntry = document.required("kind", collector: &collector)
        let specEntry = document.required("spec", collector: &collector)
        guard let kindEntry, let kindText = collector.string(kindEntry.value, field: "kind") else { return nil }
        guard let kind = ManifestKind(rawValue: kindText) else {
            let known = ManifestKind.allCases.map(\.rawValue).joined(separator: ", ")
            collector.report("unknown kind \"\(kindText)\"; expected one of \(known)", field: "kind", at: kindEntry.value)
            return nil
        }
        var decoded = DecodedDocument(
            kind: kind, kindLocation: collector.location(of: kindEntry.value), name: name.value,
            nameLocation: name.location, source: source, body: nil)
        guard let specEntry else { return decoded }
        decoded.body = decodeSpec(kind, specEntry, name: name.value ?? "", source: source, collector: &collector)
        return decoded
    }

    private static func decodeSpec(
        _ kind: ManifestKind, _ entry: (key: Node, value: Node), name: String, source: SourceLocation,
        collector: inout ProblemCollector
    ) -> DecodedDocument.Body? {
        let allowed = switch kind {
        case .instanceRoleAssignment: AssignmentDecoder.fields
        case .exemption: ExemptionDecoder.fields
        case .reconcilePolicy: PolicyDecoder.fields
        }
        guard let spec = FieldMap(entry.value, path: "spec", introducedBy: entry.key, allowed: allowed, collector: &collector) else {
            return nil
        }
        let locations = spec.locations(collector, fields: allowed)
        switch kind {
        case .instanceRoleAssignment:
            return AssignmentDecoder.decode(spec: spec, name: name, source: source, collector: &collector).map {
                var decoded = $0
                decoded.assignment.fieldLocations = locations
                return .assignment(decoded)
            }
        case .exemption:
            return ExemptionDecoder.decode(spec: spec, name: name, source: source, collector: &collector).map {
                var exemption = $0
                exemption.fieldLocations = locations
                return .exemption(exemption)
            }
        case .reconcilePolicy:
            return PolicyDecoder.decode(spec: spec, name: name, source: source, collector: &collector).map {
                var policy = $0
                policy.fieldLocations = locations
                return .policy(policy)
            }
        }
    }

    /// Only v1 exists; `rolesync.dev/v2` is an error rather than a silently skipped document.
    /// A rolesync kind with no apiVersion at all is reported as a missing field.
    private static func checkAPIVersion(_ document: FieldMap, collector: inout ProblemCollector) {
        guard let entry = document.required("apiVersion", collector: &collector),
              let text = entry.value.scalarText, text != manifestAPIVersion
        else { return }
        collector.report(
            "unsupported version \"\(text)\"; expected \(manifestAPIVersion)", field: "apiVersion", at: entry.value)
    }

    /// The name (nil when unusable) and where it was written; labels and annotations are
    /// checked for shape and otherwise ignored.
    private static func decodeMetadata(
        _ document: FieldMap, collector: inout ProblemCollector
    ) -> (value: String?, location: SourceLocation) {
        guard let entry = document.required("metadata", collector: &collector) else {
            return (nil, collector.location(of: document.anchorNode))
        }
        guard let metadata = FieldMap(entry.value, path: "metadata", introducedBy: entry.key, allowed: metadataFields, collector: &collector) else {
            return (nil, collector.location(of: entry.value))
        }
        for field in ["labels", "annotations"] {
            if let map = metadata.optional(field) { _ = collector.stringMap(map.value, field: metadata.fieldPath(field)) }
        }
        guard let nameEntry = metadata.required("name", collector: &collector) else {
            return (nil, collector.location(of: entry.key))
        }
        let name = collector.checkedString(
            nameEntry.value, field: "metadata.name", what: "name", expectation: FieldRules.nameExpectation,
            rule: FieldRules.isManifestName)
        return (name, collector.location(of: nameEntry.value))
    }
}
