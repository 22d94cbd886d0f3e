import Yams

/// One string read from a list, with where it was written (cross-manifest checks point there).
struct WrittenValue: Sendable, Hashable {
    var value: String
    var location: SourceLocation
    var field: String
}

/// Lists whose items each follow one rule: every bad item is reported, the good ones are kept.
extension ProblemCollector {
    /// Nil when the node is not a list; otherwise the items that passed `rule`.
    mutating func checkedList(
        _ node: Node, field: String, what: String, expectation: String, rule: (String) -> Bool
    ) -> [WrittenValue]? {
        guard let items = list(node, field: field) else { return nil }
        var values: [WrittenValue] = []
        for (index, item) in items.enumerated() {
            let itemField = FieldPath.element(field, index)
            if let value = checkedString(item, field: itemField, what: what, expectation: expectation, rule: rule) {
                values.append(WrittenValue(value: value, location: location(of: item), field: itemField))
            }
        }
        return values
    }

    /// Region names; `emptyMeaning` explains, when set, why an empty list is refused.
    mutating func regions(_ entry: (key: Node, value: Node), field: String, refuseEmptyBecause emptyMeaning: String?) -> [String]? {
        let written = checkedList(
            entry.value, field: field, what: "region", expectation: FieldRules.regionExpectation, rule: FieldRules.isRegion)
        return refusingEmpty(written, entry: entry, field: field, because: emptyMeaning)
    }

    /// Account ids. An unquoted 111122223333 is read as its digits; 012345678901 keeps its zero.
    mutating func accountIds(_ entry: (key: Node, value: Node), field: String, refuseEmptyBecause emptyMeaning: String?) -> [String]? {
        let written = checkedList(
            entry.value, field: field, what: "account id", expectation: FieldRules.accountExpectation,
            rule: FieldRules.isAccountId)
        return refusingEmpty(written, entry: entry, field: field, because: emptyMeaning)
    }

    private mutating func refusingEmpty(
        _ written: [WrittenValue]?, entry: (key: Node, value: Node), field: String, because emptyMeaning: String?
    ) -> [String]? {
        guard let written else { return nil }
        if let emptyMeaning, case .sequence(let sequence) = entry.value, sequence.isEmpty {
            report("empty list; \(emptyMeaning)", field: field, at: entry.key)
            return nil
        }
        return written.map(\.value)
    }
}
