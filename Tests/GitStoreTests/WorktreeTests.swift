import Foundation
import GitStore
import Testing
import TestSupport

@Suite struct WorktreeTests {
    @Test func uncommittedFilesAreReadFromTheWorktreeOnly() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let repository = history.repository
            try repository.write("uncommitted", to: "sub/untracked.yaml")
            try repository.write("edited", to: "roles.yaml")
            let store = try await GitStore.open(repository, cache: directory.cache)

            let committed = try await store.readFiles(at: "HEAD", under: nil) { _ in true }.texts
            #expect(committed["sub/untracked.yaml"] == nil)
            #expect(committed["roles.yaml"] == "second")

            let worktree = try await store.readWorktreeFiles(under: nil) { _ in true }.texts
            #expect(worktree["sub/untracked.yaml"] == "uncommitted")
            #expect(worktree["roles.yaml"] == "edited")
            #expect(worktree["sub/deep/c.yaml"] == "c1")
            #expect(!worktree.keys.contains { $0.hasPrefix(".git/") })
        }
    }

    @Test func worktreeReadingHonoursDirectoryFilterAndIgnoreRules() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let repository = history.repository
            try await repository.commit([".gitignore": "build/\n*.swp\n"], message: "Ignore build output")
            try repository.write("generated", to: "sub/build/out.yaml")
            try repository.write("swap", to: "sub/b.yaml.swp")
            try repository.write("kept", to: "sub/kept.yml")
            let store = try await GitStore.open(repository, cache: directory.cache)

            let files = try await store.readWorktreeFiles(under: "sub") { !$0.hasSuffix(".md") }
            #expect(files.map(\.path) == ["sub/b.yaml", "sub/deep/c.yaml", "sub/kept.yml", "sub/new.yaml"])
        }
    }

    @Test func aStoreOpenedFromASubfolderFindsTheRepository() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository.path + "/sub/deep", cacheDirectory: directory.cache)
            #expect(try await store.resolve("HEAD") == history.second)
            let files = try await store.readWorktreeFiles(under: "sub/deep") { _ in true }
            #expect(files.map(\.path) == ["sub/deep/c.yaml"])
        }
    }
}
