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
        let tags = tagsEntry.flatMap { collector.stringMap($0.value, field: map.fieldPath("tags")) } ?? [:]
        return DecodedSelector(selector: InstanceSelector(instanceIds: ids.map(\.value), tags: tags), writtenInstanceIds: ids)
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
