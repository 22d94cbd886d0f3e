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

    /// The file as a whole, for a problem found before its contents were read (a file over
    /// the size limit, a refused name): line and column 0, printed as the path alone.
    public static func wholeFile(_ file: String) -> SourceLocation {
        SourceLocation(file: file, line: 0, column: 0)
    }

    /// `file:line`, the form used in drift items and reports (`file` for the whole file).
    public var description: String { line == 0 ? file : "\(file):\(line)" }

    /// `file:line:column`, the form used in validation errors (`file` for the whole file).
    public var fullDescription: String { line == 0 ? file : "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
