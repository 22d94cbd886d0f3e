import Yams

/// A selector and the places its instance ids were written, so a conflict between two
/// assignments can point at both.
struct DecodedSelector: Sendable, Hashable {
    var selector: InstanceSelector
    var writtenInstanceIds: [WrittenValue]
}

/// Reads `selector:` (assignments, exemptions) and `protect:` (policy).
enum SelectorDecoder {
    static let fields = ["instanceIds", "tags"]

    static func decode(_ entry: (key: Node, value: Node), field: String, collector: inout ProblemCollector) -> DecodedSelector? {
        guard let map = FieldMap(entry.value, path: field, introducedBy: entry.key, allowed: fields, collector: &collector) else {
            return nil
        }
        var isValid = true
        var writtenCount = 0
        var ids: [WrittenValue] = []
        if let idsEntry = map.optional("instanceIds") {
            let idsField = map.fieldPath("instanceIds")
            if case .sequence(let sequence) = idsEntry.value { writtenCount += sequence.count }
            let read = collector.checkedList(
                idsEntry.value, field: idsField, what: "instance id", expectation: FieldRules.instanceIdExpectation,
                rule: FieldRules.isInstanceId)
            ids = read ?? []
            if case .sequence(let sequence) = idsEntry.value, read?.count != sequence.count { isValid = false }
            if read == nil { isValid = false }
        }
        var tags: [String: String] = [:]
        if let tagsEntry = map.optional("tags") {
            if case .mapping(let mapping) = tagsEntry.value { writtenCount += mapping.count }
            if let read = collector.stringMap(tagsEntry.value, field: map.fieldPath("tags")) {
                tags = read
            } else {
                isValid = false
            }
        }
        if writtenCount == 0 && isValid {
            collector.report("empty selector: list instanceIds, tags, or both", field: field, at: entry.key)
            return nil
        }
        let selector = InstanceSelector(instanceIds: ids.map(\.value), tags: tags)
        return DecodedSelector(selector: selector, writtenInstanceIds: ids)
    }
}
