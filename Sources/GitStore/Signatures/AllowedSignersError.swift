/// An allowed-signers file that cannot be used, with every problem found and its line.
///
/// A broken trust file is terminal: retrying will not fix it, and guessing around a bad
/// line could trust a key the operator meant to restrict. It prints like a compiler's
/// diagnostics, one `file:line: message` per problem.
public struct AllowedSignersError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The first problems found, in line order (at most `maximumProblems`).
    public var problems: [Problem]
    /// How many problems there were in all, including those not kept in `problems`.
    public var totalProblems: Int

    /// Keeps an error about a hostile 1 MiB file small.
    public static let maximumProblems = 20

    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The line, from 1; nil for problems with the whole file.
        public var line: Int?
        public var reason: Reason

        public init(line: Int?, reason: Reason) {
            self.line = line
            self.reason = reason
        }

        public var description: String { reason.description }
    }

    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        case fileTooLarge(bytes: Int, limit: Int)
        case unreadable(String)
        case notUTF8
        case lineTooLong(bytes: Int, limit: Int)
        /// The line does not follow `principals [options] keytype base64key [comment]`;
        /// the message says which part is wrong.
        case syntax(String)
        case badOption(String)
        case badKey(String)

        public var description: String {
            switch self {
            case let .fileTooLarge(bytes, limit): "file is \(bytes) bytes, over the limit of \(limit)"
            case .unreadable(let message): "cannot be read: \(message)"
            case .notUTF8: "file is not UTF-8 text"
            case let .lineTooLong(bytes, limit): "line is \(bytes) bytes, over the limit of \(limit)"
            case .syntax(let message): message
            case .badOption(let message): "bad option: \(message)"
            case .badKey(let message): "bad key: \(message)"
            }
        }
    }

    public init(file: String, problems: [Problem], totalProblems: Int? = nil) {
        self.file = file
        self.problems = problems
        self.totalProblems = totalProblems ?? problems.count
    }

    init(file: String, problem: Reason) {
        self.init(file: file, problems: [Problem(line: nil, reason: problem)])
    }

    public var description: String {
        var lines = problems.map { problem in
            "\(file)\(problem.line.map { ":\($0)" } ?? ""): \(problem)"
        }
        if totalProblems > problems.count {
            lines.append("\(file): \(totalProblems - problems.count) more problems not shown")
        }
        return "allowed signers file is unusable:\n" + lines.joined(separator: "\n")
    }
}
