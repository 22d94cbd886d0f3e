import Foundation

/// Runs the real git program for tests, the same way on any machine: a fixed identity, no
/// user or system configuration, `main` as the first branch, no signing, no prompts.
public enum GitCLI {
    public static let authorName = "Fixture Author"
    public static let authorEmail = "fixture@rolesync.invalid"

    public static let environment: [String: String] = [
        "GIT_AUTHOR_NAME": authorName, "GIT_AUTHOR_EMAIL": authorEmail,
        "GIT_COMMITTER_NAME": authorName, "GIT_COMMITTER_EMAIL": authorEmail,
        "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
    ]

    static let settings = [
        "-c", "init.defaultBranch=main", "-c", "commit.gpgSign=false", "-c", "tag.gpgSign=false",
        "-c", "core.autocrlf=false", "-c", "protocol.file.allow=always",
    ]

    /// Runs `git <arguments>` in `directory` and returns its output without the final newline;
    /// throws `ProcessFailure` (with git's stderr) unless git exits 0.
    @discardableResult
    public static func run(_ arguments: [String], in directory: URL? = nil) async throws -> String {
        let output = try await ProcessRunner.check(["git"] + settings + arguments, in: directory, environment: environment)
        return output.hasSuffix("\n") ? String(output.dropLast()) : output
    }
}

/// A Git repository made with the git CLI in a test's temporary folder.
public struct GitFixture: Sendable {
    public let url: URL
    public let isBare: Bool

    public var path: String { url.path }
    /// The repository as a `file://` URL, the way a remote is named.
    public var fileURL: String { "file://" + url.path }

    /// `git init` (or `git init --bare`) of a new folder `name` inside `directory`.
    public static func create(_ name: String, in directory: TemporaryDirectory, bare: Bool = false) async throws -> GitFixture {
        let url = directory.url.appendingPathComponent(name, isDirectory: true)
        try await GitCLI.run(["init", "--quiet"] + (bare ? ["--bare"] : []) + [url.path])
        return GitFixture(url: url, isBare: bare)
    }

    /// `git clone` of `source` (a path or URL) into the new folder `name` inside `directory`.
    public static func clone(_ source: String, as name: String, in directory: TemporaryDirectory) async throws -> GitFixture {
        let url = directory.url.appendingPathComponent(name, isDirectory: true)
        try await GitCLI.run(["clone", "--quiet", source, url.path])
        return GitFixture(url: url, isBare: false)
    }

    /// Runs git inside this repository.
    @discardableResult
    public func git(_ arguments: String...) async throws -> String {
        try await GitCLI.run(arguments, in: url)
    }

    /// Writes a file into the working tree without staging it.
    public func write(_ contents: String, to relativePath: String) throws {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: file)
    }

    /// Writes the files, stages everything and commits; returns the new commit's sha.
    @discardableResult
    public func commit(_ files: [String: String], message: String = "Change files") async throws -> String {
        for (relativePath, contents) in files.sorted(by: { $0.key < $1.key }) {
            try write(contents, to: relativePath)
        }
        try await git("add", "--all")
        try await git("commit", "--quiet", "--allow-empty", "-m", message)
        return try await git("rev-parse", "HEAD")
    }

    /// Tags `target`: an annotated tag when `message` is given, a lightweight one otherwise.
    public func tag(_ name: String, at target: String = "HEAD", message: String? = nil) async throws {
        if let message {
            try await git("tag", "--annotate", name, "-m", message, target)
        } else {
            try await git("tag", name, target)
        }
    }

    /// The full sha `revision` resolves to, per git itself.
    public func revParse(_ revision: String) async throws -> String {
        try await git("rev-parse", "--verify", "--quiet", revision + "^{commit}")
    }
}
