import Foundation
import GitStore
import Testing
import TestSupport

/// A repository whose files differ per revision:
/// first commit (tags `v1` annotated, `v1-light` lightweight), `main` one commit later,
/// `feature` branching off the first commit.
struct History {
    let repository: GitFixture
    let first: String
    let second: String
    let feature: String

    static func make(in directory: TemporaryDirectory) async throws -> History {
        let repository = try await GitFixture.create("work", in: directory)
        let first = try await repository.commit(
            ["roles.yaml": "first", "sub/b.yaml": "b1", "sub/deep/c.yaml": "c1", "README.md": "readme"],
            message: "First")
        try await repository.tag("v1", message: "Release 1")
        try await repository.tag("v1-light")
        try await repository.git("branch", "feature")
        let second = try await repository.commit(["roles.yaml": "second", "sub/new.yaml": "new"], message: "Second")
        try await repository.git("checkout", "--quiet", "feature")
        let feature = try await repository.commit(["roles.yaml": "feature"], message: "Feature")
        try await repository.git("checkout", "--quiet", "main")
        return History(repository: repository, first: first, second: second, feature: feature)
    }
}

@Suite struct ReadFilesTests {
    enum Revision: String, CaseIterable, Sendable {
        case head, mainBranch, featureBranch, annotatedTag, lightweightTag, fullSha, shortSha
    }

    @Test(arguments: Revision.allCases)
    func readsTheFilesOfEachKindOfRevision(_ revision: Revision) async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let (spec, sha, contents): (String, String, String) = switch revision {
            case .head: ("HEAD", history.second, "second")
            case .mainBranch: ("main", history.second, "second")
            case .featureBranch: ("feature", history.feature, "feature")
            case .annotatedTag: ("v1", history.first, "first")
            case .lightweightTag: ("v1-light", history.first, "first")
            case .fullSha: (history.first, history.first, "first")
            case .shortSha: (String(history.first.prefix(8)), history.first, "first")
            }
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            #expect(try await store.resolve(spec) == sha)
            let files = try await store.readFiles(at: spec, under: nil) { _ in true }
            #expect(files.texts["roles.yaml"] == contents)
            #expect(try await store.readFile("roles.yaml", at: spec) == Data(contents.utf8))
        }
    }

    @Test func readsEveryFileRecursivelyWithFullPaths() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            let files = try await store.readFiles(at: history.first, under: nil) { _ in true }
            #expect(files.texts == [
                "README.md": "readme", "roles.yaml": "first", "sub/b.yaml": "b1", "sub/deep/c.yaml": "c1",
            ])
        }
    }

    @Test(arguments: ["sub", "sub/", "./sub", "/sub"])
    func readsOnlyFilesUnderADirectory(_ directoryArgument: String) async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            let files = try await store.readFiles(at: "main", under: directoryArgument) { _ in true }
            #expect(files.map(\.path) == ["sub/b.yaml", "sub/deep/c.yaml", "sub/new.yaml"])
        }
    }

    @Test func filtersPathsWithTheIncludePredicate() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            let files = try await store.readFiles(at: "main", under: nil) { $0.hasSuffix(".yaml") && !$0.contains("deep") }
            #expect(files.map(\.path) == ["roles.yaml", "sub/b.yaml", "sub/new.yaml"])
        }
    }

    @Test func aMissingFileReadsAsNil() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            #expect(try await store.readFile("sub/new.yaml", at: history.first) == nil)
            #expect(try await store.readFile("sub", at: history.first) == nil)
            #expect(try await store.readFile("sub/new.yaml", at: history.second) == Data("new".utf8))
        }
    }

    @Test func aMissingDirectoryIsNotFound() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            let error = try await #require(throws: GitError.self) {
                try await store.readFiles(at: "main", under: "manifests") { _ in true }
            }
            #expect(error.kind == .notFound)
            #expect(error.description.contains("manifests"))
        }
    }

    @Test func opensABareRepositoryDirectly() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let bare = try await GitFixture.create("bare.git", in: directory, bare: true)
            try await history.repository.git("push", "--quiet", bare.path, "main", "feature", "--tags")
            let store = try await GitStore.open(bare, cache: directory.cache)
            #expect(await store.isBare)
            #expect(await store.hasRemote == false)
            #expect(try await store.resolve("HEAD") == history.second)
            #expect(try await store.resolve("v1") == history.first)
            let files = try await store.readFiles(at: "feature", under: "sub") { _ in true }
            #expect(files.texts == ["sub/b.yaml": "b1", "sub/deep/c.yaml": "c1"])
            let error = try await #require(throws: GitError.self) {
                try await store.readWorktreeFiles(under: nil) { _ in true }
            }
            #expect(error.kind == .bareRepository)
        }
    }
}
