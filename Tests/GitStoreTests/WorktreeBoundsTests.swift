import Foundation
import GitStore
import Testing
import TestSupport

/// `--worktree` reads are bounded like commit reads: names checked, sizes taken with `stat`.
@Suite struct WorktreeBoundsTests {
    static let small = ReadLimits(maxFileBytes: 1000, maxTotalBytes: 1500)

    @Test func oversizedFilesAndTotalsAreRefused() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            let text = String(repeating: "y", count: 600)
            try repository.write(String(repeating: "x", count: 2000), to: "big.yaml")
            for name in ["a.yaml", "b.yaml", "c.yaml"] { try repository.write(text, to: name) }
            let store = try await GitStore.open(repository, cache: directory.cache)

            let read = try await store.readWorktreeFiles(under: nil, within: Self.small) { _ in true }

            #expect(read.files.map(\.path) == ["a.yaml", "b.yaml"])
            #expect(read.refused == [
                RefusedEntry(displayPath: "big.yaml", reason: .fileTooLarge(size: 2000, limit: 1000)),
                RefusedEntry(displayPath: "c.yaml", reason: .totalTooLarge(readSoFar: 1200, size: 600, limit: 1500)),
            ])
        }
    }

    @Test(arguments: ["a\nb.yaml", "tab\t.yaml", "del\u{7F}.yaml", "esc\u{1B}.yaml", ".GIT", ".Git"])
    func unsafeNamesAreRefused(name: String) async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            try repository.write("web", to: "web.yaml")
            try repository.write("hidden", to: name + "/inside.yaml")
            try repository.write("also", to: "sub/" + name)
            let store = try await GitStore.open(repository, cache: directory.cache)

            let read = try await store.readWorktreeFiles(under: nil, within: .default) { _ in true }

            #expect(read.files.texts == ["web.yaml": "web"])
            let shown = EntryName.escaped(name)
            #expect(Set(read.refused.map(\.displayPath)) == [shown, "sub/" + shown])
            #expect(read.refused.allSatisfy { !$0.description.contains(where: \.isNewline) })
        }
    }

    @Test func theRepositorysOwnGitFolderIsStillSkipped() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            try repository.write("web", to: "web.yaml")
            let store = try await GitStore.open(repository, cache: directory.cache)

            let read = try await store.readWorktreeFiles(under: nil, within: .default) { _ in true }

            #expect(read.files.map(\.path) == ["web.yaml"])
            #expect(read.refused.isEmpty)
        }
    }
}
