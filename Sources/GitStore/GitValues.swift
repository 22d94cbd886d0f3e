import Foundation

/// A file's contents at a path relative to the repository root, with "/" separators.
public struct GitFile: Sendable, Hashable {
    public var path: String
    public var contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }
}

/// Who made a commit and when. Commits are written with a UTC offset of zero.
public struct GitSignature: Sendable, Hashable {
    public var name: String
    public var email: String
    public var date: Date

    public init(name: String, email: String, date: Date) {
        self.name = name
        self.email = email
        self.date = date
    }
}

/// A commit as `log` reports it.
public struct GitCommitInfo: Sendable, Hashable {
    public var sha: String
    public var parents: [String]
    /// The full message, including trailers.
    public var message: String
    public var authorName: String
    public var authorEmail: String
    /// The author date.
    public var date: Date

    public init(
        sha: String, parents: [String], message: String, authorName: String, authorEmail: String,
        date: Date
    ) {
        self.sha = sha
        self.parents = parents
        self.message = message
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.date = date
    }

    /// The first line of the message.
    public var summary: String {
        String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}
