/// Why some of an instance's user-data could not be inspected. Anything with a problem is
/// reported as "could not inspect", never as clean: what rolesync could not read may hold keys.
public struct UserDataProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case invalidBase64 = "invalid-base64"
        case truncatedCompression = "truncated-compression"
        case corruptCompression = "corrupt-compression"
        /// Bytes after the end of the compressed data, which decompressors skip.
        case trailingData = "trailing-data"
        case instanceBudget = "instance-budget"
        case runBudget = "run-budget"
        case nestingDepth = "nesting-depth"
        case mimeParts = "mime-parts"
        case brokenMIME = "broken-mime"
        /// Bytes that are not UTF-8 text (or hold NUL bytes): a scan of them proves nothing.
        case binary
    }

    public var kind: Kind
    /// The document it happened in, e.g. `user-data` or `user-data/part-2`.
    public var location: String
    /// What happened, e.g. `decoded user-data exceeds the 1 MiB budget per instance`.
    public var detail: String

    public init(_ kind: Kind, at location: String, _ detail: String) {
        self.kind = kind
        self.location = location
        self.detail = detail
    }

    /// `decoded user-data exceeds the 1 MiB budget per instance (in user-data/part-2)`.
    public var description: String { "\(detail) (in \(location))" }

    /// All problems as one reason, the first few in full: budgets already bound how many there
    /// can be, and a report line should stay a line.
    public static func reason(_ problems: [UserDataProblem], shown: Int = 3) -> String {
        let listed = problems.prefix(shown).map(\.description).joined(separator: "; ")
        return problems.count > shown ? listed + "; and \(problems.count - shown) more" : listed
    }
}
