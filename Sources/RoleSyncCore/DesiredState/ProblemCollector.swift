import Yams

/// Gathers the problems of one file while the decoders walk its nodes, so one run reports
/// every mistake instead of stopping at the first.
struct ProblemCollector {
    let file: String
    private(set) var problems: [ManifestProblem] = []

    init(file: String) {
        self.file = file
    }

    func location(of mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func location(of node: Node) -> SourceLocation {
        location(of: node.mark)
    }

    mutating func report(_ detail: String, field: String?, at node: Node) {
        report(detail, field: field, at: location(of: node))
    }

    mutating func report(_ detail: String, field: String?, at location: SourceLocation) {
        problems.append(ManifestProblem(location: location, field: field, detail: detail))
    }
}

/// Builds the field paths used in messages: `spec.selector.instanceIds[1]`,
/// `spec.protect.tags["rolesync.dev/protect"]`.
enum FieldPath {
    static func child(_ parent: String, _ key: String) -> String {
        guard isPlainIdentifier(key) else { return "\(parent)[\"\(key)\"]" }
        return parent.isEmpty ? key : "\(parent).\(key)"
    }

    static func element(_ parent: String, _ index: Int) -> String {
        "\(parent)[\(index)]"
    }

    /// ASCII letters, digits, `_` and `-`, not starting with a digit or `-`.
    private static func isPlainIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return key.utf8.allSatisfy { byte in
            isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
