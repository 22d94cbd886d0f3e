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

    private static func isPlainIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else {
            return false
        }
        return key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0 == "_" || $0 == "-" || ("0"..."9").contains($0)) }
    }
}
