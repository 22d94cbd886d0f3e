import Foundation
import GitStore
import Testing
import TestSupport

@Suite struct ErrorTests {
    @Test(arguments: ["no-such-branch", "v9.9.9", "0123456789abcdef0123456789abcdef01234567", "main~40"])
    func anUnknownRefIsNotFoundAndNamed(_ ref: String) async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            let error = try await #require(throws: GitError.self) { try await store.resolve(ref) }
            #expect(error.kind == .notFound)
            #expect(error.subject == ref)
            #expect(error.description.contains("'\(ref)'"))
        }
    }

    @Test func aMissingPathNamesThePathAndLibgit2sMessage() async throws {
        try await withTemporaryDirectory { directory in
            let missing = directory.url.appendingPathComponent("does-not-exist").path
            let error = try await #require(throws: GitError.self) {
                try await GitStore.open(missing, cacheDirectory: directory.cache)
            }
            #expect(error.kind == .notFound)
            #expect(error.code == -3)
            #expect(error.subject == missing)
            #expect(!error.message.isEmpty)
            #expect(error.description.contains(missing))
            #expect(error.description.contains(error.message))
        }
    }

    @Test func aFolderThatIsNoRepositoryNamesThePath() async throws {
        try await withTemporaryDirectory { directory in
            let folder = try directory.write("not a repository", to: "plain/file.txt").deletingLastPathComponent().path
            let error = try await #require(throws: GitError.self) {
                try await GitStore.open(folder, cacheDirectory: directory.cache)
            }
            #expect(error.kind == .notFound)
            #expect(error.description.contains(folder))
            #expect(error.message.contains("repository"))
        }
    }

    @Test func anUnreachableRemoteIsAClearCloneError() async throws {
        try await withTemporaryDirectory { directory in
            let url = "file:///nonexistent/rolesync-remote.git"
            let error = try await #require(throws: GitError.self) {
                try await GitStore.open(url, cacheDirectory: directory.cache)
            }
            #expect(error.operation == "clone")
            #expect(error.subject == url)
            #expect(error.code != nil)
            #expect(!error.message.isEmpty)
            #expect(error.description.contains(url))
            // A failed clone leaves nothing behind to be mistaken for a usable cache.
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: directory.cache.path)) ?? []
            #expect(leftovers.isEmpty)
        }
    }

    @Test func aRepositoryWithoutOriginCannotFetchOrPush() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            #expect(await store.hasRemote == false)
            let fetchError = try await #require(throws: GitError.self) { try await store.fetch() }
            #expect(fetchError.kind == .noRemote)
            let pushError = try await #require(throws: GitError.self) { try await store.push(branch: "main") }
            #expect(pushError.kind == .noRemote)
        }
    }
}

@Test func remoteCredentialsNeverAppearInErrors() {
    let error = GitError(
        kind: .failed, operation: "fetch", subject: "https://x-access-token:ghs_secret123@example.com/org/desired.git",
        message: "authentication required")
    #expect(error.subject == "https://example.com/org/desired.git")
    #expect(!error.description.contains("ghs_secret123"))
    let local = GitError(kind: .notFound, operation: "open repository", subject: "/srv/git/desired", message: "not found")
    #expect(local.subject == "/srv/git/desired")
}
