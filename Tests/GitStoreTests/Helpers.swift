import Foundation
import GitStore
import TestSupport

/// Runs `body` with a fresh temporary folder that is removed afterwards.
func withTemporaryDirectory<Result>(_ body: (TemporaryDirectory) async throws -> Result) async throws -> Result {
    let directory = try TemporaryDirectory(prefix: "rolesync-gitstore")
    defer { directory.remove() }
    return try await body(directory)
}

extension TemporaryDirectory {
    /// Where `GitStore.open` keeps clones of remotes in these tests.
    var cache: URL { url.appendingPathComponent("cache", isDirectory: true) }
}

extension GitStore {
    /// Opens a fixture's repository in place (a local path).
    static func open(_ fixture: GitFixture, cache: URL) async throws -> GitStore {
        try await open(fixture.path, cacheDirectory: cache)
    }
}

extension Array where Element == GitFile {
    /// The files as path → text, for readable expectations.
    var texts: [String: String] {
        Dictionary(uniqueKeysWithValues: map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }
}

let fixedAuthor = GitSignature(
    name: "rolesync", email: "rolesync@example.invalid", date: Date(timeIntervalSince1970: 1_764_378_123))
