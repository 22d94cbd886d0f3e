/// How much one read of desired state may take into memory.
///
/// The repository is input from whoever can push to it, so its size is not trusted: a single
/// 4 GiB blob, or a million small files, must not take the process down. Sizes are checked
/// from the object header (or `stat` for the working tree) before any content is read.
public struct ReadLimits: Sendable, Hashable {
    /// The largest file read, in bytes. Default 1 MiB: a manifest of thousands of instance ids
    /// is a few hundred KiB.
    public var maxFileBytes: Int
    /// The most bytes one read takes in, summed over every file it reads. Default 16 MiB.
    public var maxTotalBytes: Int

    public static let `default` = ReadLimits()

    public init(maxFileBytes: Int = 1 << 20, maxTotalBytes: Int = 16 << 20) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
    }
}

/// The files a bounded read returned, and the entries it refused to read.
///
/// Refusals are listed rather than thrown so that a caller can report every one of them,
/// with the problems of the files that were read, in one pass.
public struct BoundedRead: Sendable, Hashable {
    /// Sorted by path.
    public var files: [GitFile]
    /// In the order the walk met them.
    public var refused: [RefusedEntry]

    public init(files: [GitFile], refused: [RefusedEntry]) {
        self.files = files
        self.refused = refused
    }
}

/// A tree or working-tree entry that was not read, and why.
public struct RefusedEntry: Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// A path component that must never reach a file system or a terminal.
        case unsafeName(EntryName.Problem)
        /// The file alone is larger than `maxFileBytes`.
        case fileTooLarge(size: Int, limit: Int)
        /// Reading this file would take the read past `maxTotalBytes`; nothing after it was read.
        case totalTooLarge(readSoFar: Int, size: Int, limit: Int)
    }

    /// The path with every unsafe character escaped (see `EntryName.escaped`): safe to print.
    public var displayPath: String
    public var reason: Reason

    public init(displayPath: String, reason: Reason) {
        self.displayPath = displayPath
        self.reason = reason
    }

    /// Why the entry was refused, without its path.
    public var message: String {
        switch reason {
        case .unsafeName(let problem):
            return "refused to read an entry whose name \(problem); nothing below it was read"
        case let .fileTooLarge(size, limit):
            return "file is \(size) bytes, over the limit of \(limit) bytes per file; it was not read"
        case let .totalTooLarge(readSoFar, size, limit):
            return "reading this file (\(size) bytes) after \(readSoFar) bytes would exceed the limit of \(limit) "
                + "bytes per read; it and the files after it were not read"
        }
    }

    public var description: String { "\(displayPath): \(message)" }
}
