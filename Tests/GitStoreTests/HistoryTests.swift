import Foundation
import GitStore
import Testing
import TestSupport

@Suite struct HistoryTests {
    @Test(arguments: [(10, 3), (3, 3), (2, 2), (1, 1), (0, 0)])
    func logListsNewestFirstUpToTheLimit(_ limit: Int, _ expectedCount: Int) async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            var shas: [String] = []
            for text in ["one", "two", "three"] {
                shas.append(try await repository.commit(["file.txt": text], message: "Commit \(text)"))
            }
            let store = try await GitStore.open(repository, cache: directory.cache)
            let log = try await store.log(branch: "main", limit: limit)
            #expect(log.map(\.sha) == Array(shas.reversed().prefix(expectedCount)))
        }
    }

    @Test func logReportsMessageAuthorDateAndParents() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            let written = try await store.commit(
                files: [], onto: "main", expectedTip: history.second,
                message: "rolesync: 2 blocked\n\nRun-Id: r-1", author: fixedAuthor)

            let log = try await store.log(branch: "main", limit: 2)
            #expect(log.count == 2)
            let newest = try #require(log.first)
            #expect(newest == GitCommitInfo(
                sha: written, parents: [history.second], message: "rolesync: 2 blocked\n\nRun-Id: r-1\n",
                authorName: "rolesync", authorEmail: "rolesync@example.invalid", date: fixedAuthor.date))
            #expect(newest.summary == "rolesync: 2 blocked")
            #expect(log[1].sha == history.second)
            #expect(log[1].authorName == GitCLI.authorName)
            #expect(log[1].authorEmail == GitCLI.authorEmail)
            #expect(log[1].summary == "Second")
        }
    }

    @Test func logOfAMissingBranchIsEmpty() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            #expect(try await store.log(branch: "rolesync/decisions", limit: 5).isEmpty)
        }
    }

    @Test(arguments: [
        (nil, ["roles.yaml", "sub/b.yaml", "sub/new.yaml", "top.yaml"]),
        ("sub", ["sub/b.yaml", "sub/new.yaml"]),
        ("sub/deep", []),
    ] as [(String?, [String])])
    func changedFilesListsAddedModifiedAndRemovedPaths(_ directoryArgument: String?, _ expected: [String]) async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let repository = history.repository
            try await repository.git("rm", "--quiet", "sub/b.yaml")
            let head = try await repository.commit(["top.yaml": "added"], message: "Add top, remove b")
            let store = try await GitStore.open(repository, cache: directory.cache)
            let changed = try await store.changedFiles(from: history.first, to: head, under: directoryArgument)
            #expect(changed == expected)
        }
    }

    @Test func mergeBaseFindsWhereABranchForked() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            let base = try #require(try await store.mergeBase("main", "feature"))
            #expect(base == history.first)
            #expect(try await store.changedFiles(from: base, to: "feature", under: nil) == ["roles.yaml"])
        }
    }
}
