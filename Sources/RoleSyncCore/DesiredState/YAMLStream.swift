import Foundation
import Yams

/// The documents of one YAML file, up to the first syntax error. libyaml cannot resume after
/// an error, so documents before it are still validated and the error carries its position.
struct YAMLStream {
    struct SyntaxError: Sendable, Hashable {
        var line: Int
        var column: Int
        var message: String
    }

    var documents: [Node] = []
    var syntaxError: SyntaxError?

    /// Parses with Yams' `basic` resolver: nothing is typed behind our back, and no regular
    /// expression runs per scalar (duplicate-key detection hashes resolved tags).
    ///
    /// A text whose aliases expand past `YAMLExpansion.maxNodes` is not handed to Yams at all
    /// (see `YAMLExpansion`): it reads as a syntax error at the node where the count passed.
    init(text: String, maxNodes: Int = YAMLExpansion.maxNodes) {
        if let excess = YAMLExpansion.firstExcess(in: text, limit: maxNodes) {
            syntaxError = SyntaxError(
                line: excess.line, column: excess.column,
                message: "YAML aliases expand to more than \(maxNodes) nodes here; refusing to expand them")
            return
        }
        do {
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            while let root = try parser.nextRoot() {
                documents.append(root)
            }
        } catch let error as YamlError {
            syntaxError = Self.describe(error, in: text)
        } catch {
            syntaxError = SyntaxError(line: 1, column: 1, message: "YAML syntax error: \(error)")
        }
    }

    private static func describe(_ error: YamlError, in text: String) -> SyntaxError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let during = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return SyntaxError(line: mark.line, column: mark.column, message: "YAML syntax error: \(problem)\(during)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return SyntaxError(
                line: context.mark.line, column: context.mark.column,
                message: "YAML syntax error: duplicate key \(keys) in one mapping (first occurrence here)")
        case let .reader(problem, offset, _, _):
            let place = offset.map { position(ofCharacterOffset: $0, in: text) } ?? (line: 1, column: 1)
            return SyntaxError(line: place.line, column: place.column, message: "YAML syntax error: \(problem)")
        default:
            return SyntaxError(line: 1, column: 1, message: "YAML syntax error: \(error)")
        }
    }

    private static func position(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

/// What a document is, before any rolesync rule applies to it.
enum DocumentClass {
    /// Empty (`---` with nothing after it): ignored.
    case empty
    /// Not a rolesync manifest; `hint` explains near misses such as a rolesync kind without our apiVersion.
    case foreign(hint: String?)
    case rolesync

    init(_ root: Node) {
        guard !root.isNullValue else { self = .empty; return }
        guard case .mapping = root else { self = .foreign(hint: nil); return }
        if let version = root.field("apiVersion")?.scalarText, version.hasPrefix("rolesync.dev/") {
            self = .rolesync
            return
        }
        // A rolesync kind with no apiVersion, or a misspelt rolesync one, is a mistake rather
        // than a foreign document: skipping it would silently drop a policy or an exemption,
        // so it is validated and its apiVersion reported. Another tool's apiVersion with a
        // kind of the same name stays foreign.
        if let kind = root.field("kind")?.scalarText, ManifestKind(rawValue: kind) != nil {
            guard let version = root.field("apiVersion")?.scalarText, !version.lowercased().contains("rolesync") else {
                self = .rolesync
                return
            }
            self = .foreign(hint: "a document has kind \(kind) but \"\(version)\"")
            return
        }
        self = .foreign(hint: nil)
    }
}
