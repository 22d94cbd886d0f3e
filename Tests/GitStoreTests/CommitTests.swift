import Foundation
import GitStore
import Testing
import TestSupport

@Suite struct CommitTests {
    @Test func commitsOntoABranchKeepingTheParentsOtherFiles() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let repository = history.repository
            let store = try await GitStore.open(repository, cache: directory.cache)
            let tip = try #require(try await store.branchTip("feature"))
            #expect(tip == history.feature)

            let files = [
                GitFile(path: "decisions/2026/11/29/run-1.json", contents: Data("{\"run\":1}\n".utf8)),
                GitFile(path: "roles.yaml", contents: Data("replaced".utf8)),
                GitFile(path: "empty.txt", contents: Data()),
            ]
            let message = "rolesync: 1 associated at abc1234\n\nRun-Id: run-1"
            let sha = try await store.commit(
                files: files, onto: "feature", expectedTip: tip, message: message, author: fixedAuthor)

            await #expect(try repository.revParse("feature") == sha)
            try await repository.git("fsck", "--strict", "--no-dangling")
            let details = try await repository.git("log", "-1", "--format=%P%n%an%n%ae%n%at%n%cn%n%B", "feature")
            #expect(details == """
                \(tip)
                rolesync
                rolesync@example.invalid
                1764378123
                rolesync
                \(message)

                """)
            let paths = try await repository.git("ls-tree", "-r", "--name-only", "feature").split(separator: "\n")
            #expect(paths == [
                "README.md", "decisions/2026/11/29/run-1.json", "empty.txt", "roles.yaml",
                "sub/b.yaml", "sub/deep/c.yaml",
            ])
            await #expect(try repository.git("show", "feature:roles.yaml") == "replaced")
            await #expect(try repository.git("show", "feature:sub/deep/c.yaml") == "c1")
            #expect(try await store.readFile("decisions/2026/11/29/run-1.json", at: sha) == files[0].contents)
        }
    }

    @Test func createsANewBranchWhenNoTipIsExpected() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let repository = history.repository
            let store = try await GitStore.open(repository, cache: directory.cache)
            #expect(try await store.branchTip("rolesync/decisions") == nil)

            let first = try await store.commit(
                files: [GitFile(path: "decisions/a.json", contents: Data("a".utf8))],
                onto: "rolesync/decisions", expectedTip: nil, message: "First decision", author: fixedAuthor)
            let second = try await store.commit(
                files: [GitFile(path: "decisions/b.json", contents: Data("b".utf8))],
                onto: "rolesync/decisions", expectedTip: first, message: "Second decision", author: fixedAuthor)

            #expect(try await store.branchTip("rolesync/decisions") == second)
            try await repository.git("fsck", "--strict", "--no-dangling")
            await #expect(try repository.git("log", "--format=%H %P", "rolesync/decisions") == "\(second) \(first)\n\(first) ")
            await #expect(try repository.git("ls-tree", "-r", "--name-only", "rolesync/decisions") == "decisions/a.json\ndecisions/b.json")
            // Writing the decisions branch leaves the checked-out branch and the working tree alone.
            await #expect(try repository.revParse("HEAD") == history.second)
            await #expect(try repository.git("status", "--porcelain") == "")
        }
    }

    @Test func aBranchThatMovedFailsTheCompareAndSwap() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let repository = history.repository
            let store = try await GitStore.open(repository, cache: directory.cache)
            let seen = try #require(try await store.branchTip("main"))
            let moved = try await repository.commit(["roles.yaml": "someone else"], message: "Concurrent change")

            let error = try await #require(throws: GitError.self) {
                try await store.commit(
                    files: [GitFile(path: "decisions/x.json", contents: Data("x".utf8))], onto: "main",
                    expectedTip: seen, message: "Lost the race", author: fixedAuthor)
            }
            #expect(error.kind == .tipMoved(branch: "main", expected: seen, actual: moved))
            await #expect(try repository.revParse("main") == moved)
            await #expect(try repository.git("log", "--format=%s", "-1", "main") == "Concurrent change")
        }
    }

    @Test func expectingNoBranchFailsWhenTheBranchExists() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            let error = try await #require(throws: GitError.self) {
                try await store.commit(
                    files: [], onto: "feature", expectedTip: nil, message: "Should not land", author: fixedAuthor)
            }
            #expect(error.kind == .tipMoved(branch: "feature", expected: nil, actual: history.feature))
            await #expect(try history.repository.revParse("feature") == history.feature)
        }
    }

    @Test(arguments: ["", "/etc/passwd", "../outside", "a/../../b", "a//b", ".git/config", "sub/.GIT/hooks", "./x"])
    func unsafePathsAreRefused(_ path: String) async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            let error = try await #require(throws: GitError.self) {
                try await store.commit(
                    files: [GitFile(path: path, contents: Data("x".utf8))], onto: "main",
                    expectedTip: history.second, message: "Bad path", author: fixedAuthor)
            }
            #expect(error.kind == .invalidArgument)
            await #expect(try history.repository.revParse("main") == history.second)
        }
    }

    @Test func anAbbreviatedExpectedTipIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let history = try await History.make(in: directory)
            let store = try await GitStore.open(history.repository, cache: directory.cache)
            let error = try await #require(throws: GitError.self) {
                try await store.commit(
                    files: [], onto: "main", expectedTip: String(history.second.prefix(10)),
                    message: "Short tip", author: fixedAuthor)
            }
            #expect(error.kind == .invalidArgument)
        }
    }
}
