import Foundation
import GitStore
import Testing
import TestSupport

/// Clone, fetch and push through a real `git http-backend` that asks for basic auth, with the
/// token never written where it could leak.
@Suite struct HTTPRemoteTests {
    static let token = "rs-test-token-8f3a1c2b9d"

    func withServer(_ body: (Remote, GitHTTPServer, TemporaryDirectory) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let remote = try await Remote.make(in: directory)
            let server = try await GitHTTPServer.start(serving: directory.url, user: "x-access-token", token: Self.token)
            defer { server.process.stop() }
            try await body(remote, server, directory)
        }
    }

    /// Every file under `folder` that holds `secret`, as paths.
    func filesHolding(_ secret: String, under folder: URL) -> [String] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        var found: [String] = []
        while let file = walker?.nextObject() as? URL {
            if let data = FileManager.default.contents(atPath: file.path), data.range(of: Data(secret.utf8)) != nil {
                found.append(file.path)
            }
        }
        return found
    }

    @Test func clonesFetchesAndPushesWithATokenAndWritesItNowhere() async throws {
        try await withServer { remote, server, directory in
            let url = server.url("server.git")
            let access = GitAccess(httpSecret: GitSecret(Self.token))
            let store = try await GitStore.open(url, cacheDirectory: directory.cache, access: access)
            #expect(try await store.resolve("main") == remote.initial)

            let newer = try await remote.pushFromSeed(["roles.yaml": "newer"], message: "Newer")
            try await store.fetch()
            #expect(try await store.resolve("main") == newer)

            let sha = try await store.commit(
                files: [GitFile(path: "decisions/run.json", contents: Data("{}".utf8))], onto: "rolesync/decisions",
                expectedTip: nil, message: "rolesync: record", author: fixedAuthor)
            try await store.push(branch: "rolesync/decisions")
            await #expect(try remote.bare.git("rev-parse", "rolesync/decisions") == sha)
            #expect(filesHolding(Self.token, under: directory.cache) == [])
            #expect(server.refusals >= 1)  // libgit2 asked for the login only after a 401
        }
    }

    @Test func aWrongTokenIsAClearErrorThatDoesNotPrintIt() async throws {
        try await withServer { _, server, directory in
            let url = server.url("server.git")
            let wrong = "rs-wrong-token-77aa"
            let error = try await #require(throws: GitError.self) {
                _ = try await GitStore.open(url, cacheDirectory: directory.cache, access: GitAccess(httpSecret: GitSecret(wrong)))
            }
            #expect(error.kind == .authenticationFailed)
            #expect(error.description.contains(url))
            #expect(error.description.contains("refused the credentials for user 'x-access-token'"))
            #expect(!error.description.contains(wrong))
        }
    }

    @Test func noTokenSaysWhereToGiveOne() async throws {
        try await withServer { _, server, directory in
            let error = try await #require(throws: GitError.self) {
                _ = try await GitStore.open(server.url("server.git"), cacheDirectory: directory.cache)
            }
            #expect(error.kind == .authenticationFailed)
            #expect(error.message.contains("--git-token-file"))
        }
    }

    @Test func aPasswordInTheURLIsUsedButKeptOutOfTheCloneAndErrors() async throws {
        try await withServer { remote, server, directory in
            let url = server.url("server.git", credentials: "x-access-token:\(Self.token)")
            let store = try await GitStore.open(url, cacheDirectory: directory.cache)
            #expect(try await store.resolve("main") == remote.initial)
            try await store.fetch()
            #expect(filesHolding(Self.token, under: directory.cache) == [])

            let missing = server.url("missing.git", credentials: "x-access-token:\(Self.token)")
            let error = try await #require(throws: GitError.self) {
                _ = try await GitStore.open(missing, cacheDirectory: directory.cache)
            }
            #expect(!error.description.contains(Self.token))
        }
    }
}
