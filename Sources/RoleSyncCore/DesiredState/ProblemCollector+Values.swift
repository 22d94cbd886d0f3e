import Foundation
import Yams

/// Typed reads of single values. Each returns nil after reporting why the node does not fit,
/// so a decoder can carry on and report the document's other mistakes too.
extension ProblemCollector {
    /// The scalar's text as written; `no`, `on` or `010` are the strings "no", "on", "010".
    mutating func string(_ node: Node, field: String) -> String? {
        guard let text = node.scalarText else {
            report("expected a string, found \(node.foundDescription)", field: field, at: node)
            return nil
        }
        return text
    }

    /// A string that must not be empty (reasons, names).
    mutating func nonEmptyString(_ node: Node, field: String) -> String? {
        guard let text = string(node, field: field) else { return nil }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            report("must not be empty", field: field, at: node)
            return nil
        }
        return text
    }

    /// A string that passes `rule`, else "malformed <what> "<text>": <expectation>".
    mutating func checkedString(
        _ node: Node, field: String, what: String, expectation: String, rule: (String) -> Bool
    ) -> String? {
        guard let text = string(node, field: field) else { return nil }
        guard rule(text) else {
            report("malformed \(what) \"\(text)\": \(expectation)", field: field, at: node)
            return nil
        }
        return text
    }

    /// Only unquoted `true` and `false`: YAML 1.1 would read `yes`, `no`, `on`, `off` as booleans
    /// too, and a policy switch must not flip because of how a word was typed.
    mutating func bool(_ node: Node, field: String) -> Bool? {
        if node.isPlainScalar, let text = node.scalarText {
            if text == "true" { return true }
            if text == "false" { return false }
        }
        report("expected true or false, found \(quotedDescription(node))", field: field, at: node)
        return nil
    }

    /// An unquoted decimal integer ≥ 0 without leading zeros (`010` is octal in YAML 1.1, 10 in 1.2).
    mutating func nonNegativeInteger(_ node: Node, field: String) -> Int? {
        if node.isPlainScalar, let text = node.scalarText, let first = text.first,
           text == "0" || first != "0", text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let value = Int(text) {
            return value
        }
        report("expected a non-negative integer, found \(quotedDescription(node))", field: field, at: node)
        return nil
    }

    /// One of an enum's raw values, written as a plain or quoted string.
    mutating func oneOf<Value: RawRepresentable & CaseIterable>(
        _ type: Value.Type, _ node: Node, field: String
    ) -> Value? where Value.RawValue == String {
        guard let text = string(node, field: field) else { return nil }
        guard let value = Value(rawValue: text) else {
            let choices = Value.allCases.map(\.rawValue).joined(separator: " or ")
            report("expected \(choices), found \"\(text)\"", field: field, at: node)
            return nil
        }
        return value
    }

    /// The items of a list, or nil after "expected a list" (a single string is not a list).
    mutating func list(_ node: Node, field: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report("expected a list, found \(node.foundDescription)", field: field, at: node)
            return nil
        }
        return Array(sequence)
    }

    /// A mapping of strings to strings (tags, labels). Keys and values are taken as written;
    /// a value left empty is reported, since an empty tag value must be written as "".
    mutating func stringMap(_ node: Node, field: String) -> [String: String]? {
        guard case .mapping(let mapping) = node else {
            report("expected a mapping of strings, found \(node.foundDescription)", field: field, at: node)
            return nil
        }
        var result: [String: String] = [:]
        var isValid = true
        for (keyNode, valueNode) in mapping {
            guard let key = string(keyNode, field: field) else { isValid = false; continue }
            let entryField = FieldPath.child(field, key)
            if key.isEmpty {
                report("keys must not be empty", field: field, at: keyNode)
                isValid = false
            } else if valueNode.isNullValue {
                report("missing value; write \"\" for an empty value", field: entryField, at: keyNode)
                isValid = false
            } else if let value = string(valueNode, field: entryField) {
                result[key] = value
            } else {
                isValid = false
            }
        }
        return isValid ? result : nil
    }

    /// `"yes"` for a plain scalar, `the quoted string "true"` for a quoted one.
    private func quotedDescription(_ node: Node) -> String {
        node.scalarText != nil && !node.isPlainScalar ? "the quoted string \(node.foundDescription)" : node.foundDescription
    }
}
