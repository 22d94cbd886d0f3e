/// Where in the desired-state repository a value came from, so every error and every drift
/// item can point a reviewer at the exact line that produced it.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Path relative to the repository root, with `/` separators.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line`, the form used in drift items and reports.
    public var description: String { "\(file):\(line)" }

    /// `file:line:column`, the form used in validation errors.
    public var fullDescription: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
