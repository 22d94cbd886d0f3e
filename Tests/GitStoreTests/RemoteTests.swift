import Foundation
import GitStore
import Testing
import TestSupport

/// A bare "server" repository and a working clone that others push from.
struct Remote {
    let bare: GitFixture
    let seed: GitFixture
    let initial: String

    static func make(in directory: TemporaryDirectory) async throws -> Remote {
        let bare = try await GitFixture.create("server.git", in: directory, bare: true)
        let seed = try await GitFixture.clone(bare.path, as: "seed", in: directory)
        let initial = try await seed.commit(["roles.yaml": "initial", "sub/a.yaml": "a"], message: "Initial")
        try await seed.tag("v1", message: "Release 1")
        try await seed.git("push", "--quiet", "origin", "main", "--tags")
        return Remote(bare: bare, seed: seed, initial: initial)
    }

    /// Commits in the seed clone and pushes to the server, as another user would.
    @discardableResult
    func pushFromSeed(_ files: [String: String], message: String) async throws -> String {
        let sha = try await seed.commit(files, message: message)
        try await seed.git("push", "--quiet", "origin", "main")
        return sha
    }
}

@Suite struct RemoteTests {
    @Test func clonesAFileURLIntoTheCacheAndResolvesItsBranches() async throws {
        try await withTemporaryDirectory { directory in
            let remote = try await Remote.make(in: directory)
            let store = try await GitStore.open(remote.bare.fileURL, cacheDirectory: directory.cache)
            #expect(store.source == .remote(url: remote.bare.fileURL))
            #expect(await store.hasRemote)
            #expect(await store.isBare)
            let expectedFolder = directory.cache.appendingPathComponent(GitStore.cacheFolderName(for: remote.bare.fileURL))
            #expect(URL(fileURLWithPath: await store.gitDirectory).standardizedFileURL.path
                    == expectedFolder.standardizedFileURL.path)
            #expect(try await store.resolve("main") == remote.initial)
            #expect(try await store.resolve("origin/main") == remote.initial)
            #expect(try await store.resolve("HEAD") == remote.initial)
            #expect(try await store.resolve("v1") == remote.initial)
            #expect(try await store.readFiles(at: "main", under: "sub") { _ in true }.texts == ["sub/a.yaml": "a"])
        }
    }

    @Test func fetchSeesCommitsPushedMeanwhile() async throws {
        try await withTemporaryDirectory { directory in
            let remote = try await Remote.make(in: directory)
            let store = try await GitStore.open(remote.bare.fileURL, cacheDirectory: directory.cache)
            let newer = try await remote.pushFromSeed(["roles.yaml": "newer"], message: "Newer")
            #expect(try await store.resolve("main") == remote.initial)

            try await store.fetch()
            #expect(try await store.resolve("main") == newer)
            #expect(try await store.branchTip("main") == newer)
            #expect(try await store.readFile("roles.yaml", at: "main") == Data("newer".utf8))
        }
    }

    @Test func reopeningAnExistingCloneFetchesInsteadOfCloning() async throws {
        try await withTemporaryDirectory { directory in
            let remote = try await Remote.make(in: directory)
            let first = try await GitStore.open(remote.bare.fileURL, cacheDirectory: directory.cache)
            let folder = await first.gitDirectory
            let newer = try await remote.pushFromSeed(["roles.yaml": "newer"], message: "Newer")

            let second = try await GitStore.open(remote.bare.fileURL, cacheDirectory: directory.cache)
            #expect(await second.gitDirectory == folder)
            #expect(try await second.resolve("main") == newer)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.cache.path).count == 1)
        }
    }

    @Test func commitsAndPushesANewBranchToTheRemote() async throws {
        try await withTemporaryDirectory { directory in
            let remote = try await Remote.make(in: directory)
            let store = try await GitStore.open(remote.bare.fileURL, cacheDirectory: directory.cache)
            let branch = "rolesync/decisions"
            #expect(try await store.branchTip(branch) == nil)
            let sha = try await store.commit(
                files: [GitFile(path: "decisions/run.json", contents: Data("{}".utf8))], onto: branch,
                expectedTip: nil, message: "rolesync: nothing to do", author: fixedAuthor)
            try await store.push(branch: branch)

            await #expect(try remote.bare.git("log", "-1", "--format=%H %an %s", branch) == "\(sha) rolesync rolesync: nothing to do")
            try await remote.bare.git("fsck", "--strict")

            // The next run builds on what the remote has.
            try await store.fetch()
            #expect(try await store.branchTip(branch) == sha)
        }
    }

    @Test func aNonFastForwardPushIsRejectedAndARetryOnTheNewTipLands() async throws {
        try await withTemporaryDirectory { directory in
            let remote = try await Remote.make(in: directory)
            let store = try await GitStore.open(remote.bare.fileURL, cacheDirectory: directory.cache)
            let stale = try #require(try await store.branchTip("main"))
            let theirs = try await remote.pushFromSeed(["roles.yaml": "theirs"], message: "Theirs")

            let decision = [GitFile(path: "decisions/run.json", contents: Data("{}".utf8))]
            _ = try await store.commit(
                files: decision, onto: "main", expectedTip: stale, message: "Ours", author: fixedAuthor)
            let error = try await #require(throws: GitError.self) { try await store.push(branch: "main") }
            guard case .pushRejected(let branch, _) = error.kind else {
                Issue.record("expected pushRejected, got \(error)")
                return
            }
            #expect(branch == "main")
            await #expect(try remote.bare.git("rev-parse", "main") == theirs)

            try await store.fetch()
            let tip = try #require(try await store.branchTip("main"))
            #expect(tip == theirs)
            let retried = try await store.commit(
                files: decision, onto: "main", expectedTip: tip, message: "Ours again", author: fixedAuthor)
            try await store.push(branch: "main")
            await #expect(try remote.bare.git("log", "-2", "--format=%H", "main") == "\(retried)\n\(theirs)")
            await #expect(try remote.bare.git("show", "main:roles.yaml") == "theirs")
        }
    }

    @Test func aLocalWorkingCloneFetchesWithoutMovingItsOwnBranches() async throws {
        try await withTemporaryDirectory { directory in
            let remote = try await Remote.make(in: directory)
            let store = try await GitStore.open(remote.seed, cache: directory.cache)
            #expect(await store.hasRemote)
            #expect(await store.isBare == false)
            let other = try await GitFixture.clone(remote.bare.path, as: "other", in: directory)
            let newer = try await other.commit(["roles.yaml": "other"], message: "Other")
            try await other.git("push", "--quiet", "origin", "main")

            try await store.fetch()
            #expect(try await store.resolve("origin/main") == newer)
            #expect(try await store.resolve("main") == remote.initial)
        }
    }
}
