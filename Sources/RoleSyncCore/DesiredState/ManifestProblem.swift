import Foundation

/// One file handed to the loader. The loader never reads a disk or a Git tree itself, so the
/// same validation runs on a worktree, a commit, or a pull request's base.
public struct ManifestFile: Sendable, Hashable {
    /// Path relative to the repository root, with `/` separators; it names the file in every
    /// problem and every drift item.
    public var path: String
    public var contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }
}

/// One reason the desired state cannot be accepted, pointing at the YAML node that caused it.
public struct ManifestProblem: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var location: SourceLocation
    /// Path of the offending field (`spec.selector.instanceIds[1]`); nil for YAML syntax errors.
    public var field: String?
    /// The whole message; it starts with the field path when there is one.
    public var message: String

    public init(location: SourceLocation, field: String?, detail: String) {
        self.location = location
        self.field = field
        self.message = field.map { "\($0): \(detail)" } ?? detail
    }

    /// `file:line:column: error: message`, the form compilers use, so editors and CI annotate it.
    public var description: String { "\(location.fullDescription): error: \(message)" }

    public static func < (lhs: ManifestProblem, rhs: ManifestProblem) -> Bool {
        (lhs.location, lhs.message) < (rhs.location, rhs.message)
    }
}

/// A YAML file that holds no rolesync manifest, listed so a reviewer can see it was not read
/// by mistake (a forgotten or misspelt `apiVersion` lands here).
public struct SkippedFile: Sendable, Hashable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// What one load found. The desired state is nil as soon as there is a single problem: a
/// partly valid repository must never lead to actions.
public struct ManifestLoadReport: Sendable, Hashable {
    public var desiredState: DesiredState?
    /// Sorted by file, line, column.
    public var problems: [ManifestProblem]
    public var skipped: [SkippedFile]
    /// YAML files looked at (files that are not `.yaml`/`.yml` are not counted).
    public var filesRead: Int
    /// rolesync documents looked at, valid or not.
    public var manifestsRead: Int

    public init(
        desiredState: DesiredState?, problems: [ManifestProblem], skipped: [SkippedFile],
        filesRead: Int, manifestsRead: Int
    ) {
        self.desiredState = desiredState
        self.problems = problems
        self.skipped = skipped
        self.filesRead = filesRead
        self.manifestsRead = manifestsRead
    }
}

/// Which repository files the loader considers at all.
public enum ManifestFiles {
    /// True for `.yaml` and `.yml` files (any letter case); everything else is ignored.
    public static func isCandidate(path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    }
}
