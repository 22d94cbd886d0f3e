import Yams

/// Reading YAML nodes as written. rolesync never lets YAML 1.1 typing change a value's
/// meaning (`no`, `on`, `010` stay strings), so every check works on the scalar's own text.
extension Node {
    /// True for an unquoted `~`, `null` or empty value: the field counts as absent.
    var isNullValue: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else {
            return false
        }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The scalar's text exactly as written, or nil for mappings and sequences.
    var scalarText: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    /// The value of a mapping's key written as `name`, compared by text only.
    func field(_ name: String) -> Node? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.first { $0.key.scalarText == name }?.value
    }

    /// True when the scalar was written without quotes (only then can it be a number or boolean).
    var isPlainScalar: Bool {
        if case .scalar(let scalar) = self { return scalar.style == .plain || scalar.style == .any }
        return false
    }

    /// How the node reads in a "found …" message.
    var foundDescription: String {
        switch self {
        case .scalar(let scalar): "\"\(scalar.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

/// One YAML mapping checked against the fields its place in a manifest allows. Unknown fields
/// and non-string keys are reported when it is built; decoders then ask for fields by name.
struct FieldMap {
    /// The field path of the mapping itself (empty for a document's top level).
    let path: String
    /// Where a missing field is reported: the key that introduced the mapping, else the mapping.
    let anchorNode: Node
    private var entries: [String: (key: Node, value: Node)] = [:]

    /// Nil (with a problem reported) when `node` is not a mapping.
    init?(
        _ node: Node, path: String, introducedBy key: Node?, allowed: [String], collector: inout ProblemCollector
    ) {
        guard case .mapping(let mapping) = node else {
            collector.report("expected a mapping, found \(node.foundDescription)", field: path.isEmpty ? nil : path, at: node)
            return nil
        }
        self.path = path
        self.anchorNode = key ?? node
        for (keyNode, value) in mapping {
            guard let name = keyNode.scalarText else {
                collector.report("field names must be strings, found \(keyNode.foundDescription)", field: path.isEmpty ? nil : path, at: keyNode)
                continue
            }
            guard name != "<<" else {
                collector.report("merge keys (<<) are not supported; write the fields out", field: path.isEmpty ? nil : path, at: keyNode)
                continue
            }
            guard allowed.contains(name) else {
                let expected = allowed.joined(separator: ", ")
                collector.report("unknown field; allowed here: \(expected)", field: FieldPath.child(path, name), at: keyNode)
                continue
            }
            entries[name] = (keyNode, value)
        }
    }

    func fieldPath(_ name: String) -> String { FieldPath.child(path, name) }

    /// The field's key and value, or nil when it is absent or written as null.
    func optional(_ name: String) -> (key: Node, value: Node)? {
        guard let entry = entries[name], !entry.value.isNullValue else { return nil }
        return entry
    }

    /// Like `optional`, but reports the field as missing (at the parent) or as empty (at its key).
    func required(_ name: String, collector: inout ProblemCollector) -> (key: Node, value: Node)? {
        guard let entry = entries[name] else {
            collector.report("required field is missing", field: fieldPath(name), at: anchorNode)
            return nil
        }
        guard !entry.value.isNullValue else {
            collector.report("required field has no value", field: fieldPath(name), at: entry.key)
            return nil
        }
        return entry
    }
}
