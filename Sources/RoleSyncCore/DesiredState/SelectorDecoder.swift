import Yams

/// A selector and the places its instance ids were written, so a conflict between two
/// assignments can point at both.
struct DecodedSelector: Sendable, Hashable {
    var selector: InstanceSelector
    var writtenInstanceIds: [WrittenValue]
}

/// Reads `selector:` (assignments, exemptions) and `protect:` (policy). Malformed ids are
/// reported and left out; the rest is kept so cross-manifest checks still see it.
enum SelectorDecoder {
    static let fields = ["instanceIds", "tags"]

    static func decode(_ entry: (key: Node, value: Node), field: String, collector: inout ProblemCollector) -> DecodedSelector? {
        guard let map = FieldMap(entry.value, path: field, introducedBy: entry.key, allowed: fields, collector: &collector) else {
            return nil
        }
        let idsEntry = map.optional("instanceIds")
        let tagsEntry = map.optional("tags")
        if isEmptyCollection(idsEntry?.value) && isEmptyCollection(tagsEntry?.value) {
            collector.report("empty selector: list instanceIds, tags, or both", field: field, at: entry.key)
            return nil
        }
        let ids = idsEntry.flatMap {
            collector.checkedList(
                $0.value, field: map.fieldPath("instanceIds"), what: "instance id",
                expectation: FieldRules.instanceIdExpectation, rule: FieldRules.isInstanceId)
        } ?? []
        let tags = tagsEntry.flatMap { entry in
            collector.stringMap(entry.value, field: map.fieldPath("tags")).flatMap {
                checkTagLimits($0, node: entry.value, field: map.fieldPath("tags"), collector: &collector) ? $0 : nil
            }
        } ?? [:]
        return DecodedSelector(selector: InstanceSelector(instanceIds: ids.map(\.value), tags: tags), writtenInstanceIds: ids)
    }

    /// EC2's tag limits: keys of 1-128 characters, values of at most 256. A selector beyond them
    /// could never match an instance, so it is an error, with the key's line. Keys starting with
    /// `aws:` are allowed: AWS sets them (`aws:autoscaling:groupName`), and selecting by them
    /// only reads them.
    private static func checkTagLimits(
        _ tags: [String: String], node: Node, field: String, collector: inout ProblemCollector
    ) -> Bool {
        guard case .mapping(let mapping) = node else { return true }
        var isValid = true
        for (keyNode, _) in mapping {
            guard let key = keyNode.scalarText, let value = tags[key] else { continue }
            if key.unicodeScalars.count > FieldRules.maximumTagKeyLength {
                collector.report(
                    "tag key is \(key.unicodeScalars.count) characters; EC2 allows at most \(FieldRules.maximumTagKeyLength)",
                    field: field, at: keyNode)
                isValid = false
            }
            if value.unicodeScalars.count > FieldRules.maximumTagValueLength {
                collector.report(
                    "tag value is \(value.unicodeScalars.count) characters; EC2 allows at most \(FieldRules.maximumTagValueLength)",
                    field: FieldPath.child(field, key), at: keyNode)
                isValid = false
            }
        }
        return isValid
    }

    /// Absent, `[]` or `{}`; a value of the wrong type is not empty (its own problem says why).
    private static func isEmptyCollection(_ node: Node?) -> Bool {
        switch node {
        case nil: true
        case .sequence(let sequence)?: sequence.isEmpty
        case .mapping(let mapping)?: mapping.isEmpty
        default: false
        }
    }
}
