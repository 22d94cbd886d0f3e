import Foundation
import Yams

/// What one file contributed: its decoded documents, its problems, or why it was skipped.
struct FileReading: Sendable {
    var documents: [DecodedDocument] = []
    var problems: [ManifestProblem] = []
    var skipReason: String?
    var manifestsRead = 0
}

/// Reads one YAML file: splits it into documents, decodes the rolesync ones, and decides
/// whether the file is skipped (it holds no rolesync document at all).
enum ManifestFileReader {
    /// A file that cannot be parsed is only an error when it could be ours: it mentions our API
    /// group, or a rolesync document came before the error. Unrelated broken YAML (templates,
    /// other tools' files) is skipped with the reason, so it cannot block a reconcile.
    static let apiGroupMarker = "rolesync.dev/"

    static func read(_ file: ManifestFile) -> FileReading {
        var reading = FileReading()
        var collector = ProblemCollector(file: file.path)
        guard let text = String(data: file.contents, encoding: .utf8) else {
            if file.contents.range(of: Data(apiGroupMarker.utf8)) != nil {
                collector.report("file is not valid UTF-8 text", field: nil, at: SourceLocation(file: file.path, line: 1))
                reading.problems = collector.problems
            } else {
                reading.skipReason = "not UTF-8 text"
            }
            return reading
        }
        let stream = YAMLStream(text: text)
        var hints: [String] = []
        var nonEmptyDocuments = 0
        for root in stream.documents {
            let documentClass = DocumentClass(root)
            if case .empty = documentClass { continue }
            nonEmptyDocuments += 1
            switch documentClass {
            case .empty:
                continue
            case .foreign(let hint):
                if let hint { hints.append(hint) }
            case .rolesync:
                reading.manifestsRead += 1
                if let document = DocumentDecoder.decode(root, collector: &collector) {
                    reading.documents.append(document)
                }
            }
        }
        if let error = stream.syntaxError {
            if reading.manifestsRead > 0 || text.contains(apiGroupMarker) {
                collector.report(
                    error.message, field: nil, at: SourceLocation(file: file.path, line: error.line, column: error.column))
            } else {
                reading.skipReason = "not valid YAML (\(error.line):\(error.column): \(error.message)) and no mention of rolesync.dev"
            }
        } else if reading.manifestsRead == 0 {
            reading.skipReason = skipReason(documentCount: nonEmptyDocuments, hints: hints)
        }
        reading.problems = collector.problems
        return reading
    }

    private static func skipReason(documentCount: Int, hints: [String]) -> String {
        guard documentCount > 0 else { return "no YAML documents" }
        let base = "no document declares apiVersion: \(manifestAPIVersion)"
        return hints.isEmpty ? base : "\(base) (\(hints.joined(separator: "; ")))"
    }
}
