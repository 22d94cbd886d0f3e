import Foundation
import GitStore
import Testing
import TestSupport

/// The history walk of `scan --git`: every blob once, at the first commit that brought it.
@Suite struct BlobHistoryTests {
    @Test func eachContentIsVisitedOnceAtItsFirstCommitAcrossMovesDeletesAndBranches() async throws {
        try await withTemporaryDirectory { directory in
            let repo = try await GitFixture.create("history", in: directory)
            let added = try await repo.commit(["keys.ini": "secret\n", "readme.md": "hello\n"], message: "add")
            try await repo.git("mv", "keys.ini", "moved.ini")
            try await repo.git("commit", "--quiet", "-m", "move")
            try await repo.git("rm", "--quiet", "moved.ini")
            try await repo.git("commit", "--quiet", "-m", "delete")
            try await repo.git("checkout", "--quiet", "-b", "other")
            let readded = try await repo.commit(["again.ini": "secret\n", "new.txt": "new\n"], message: "re-add")
            try await repo.git("checkout", "--quiet", "main")
            let store = try await GitStore.open(repo, cache: directory.cache)

            let walked = try await store.walkBlobs(from: try await store.branchNames(), maxBlobBytes: 1 << 20) { blob, data in
                "\(blob.path)@\(blob.commit.sha.prefix(7)):\(String(decoding: data, as: UTF8.self))"
            }

            #expect(try await store.branchNames() == ["main", "other"])
            #expect(walked.summary.commits == 4)
            #expect(walked.results.map(\.1).sorted() == [
                "keys.ini@\(added.prefix(7)):secret\n", "new.txt@\(readded.prefix(7)):new\n", "readme.md@\(added.prefix(7)):hello\n",
            ], "the moved and re-added content is the same blob, read once")
            let secretBlob = try #require(walked.results.first { $0.0.path == "keys.ini" }?.0.id)
            #expect(walked.summary.tipBlobs.contains(secretBlob), "branch other still holds it")
        }
    }

    @Test func largeAndBinaryBlobsAreCountedNotRead() async throws {
        try await withTemporaryDirectory { directory in
            let repo = try await GitFixture.create("skips", in: directory)
            try await repo.commit(["big.txt": String(repeating: "x", count: 5000), "small.txt": "ok\n"])
            try Data([0x50, 0x4B, 0x00, 0x01, 0x02]).write(to: repo.url.appendingPathComponent("blob.bin"))
            try await repo.git("add", "blob.bin")
            try await repo.git("commit", "--quiet", "-m", "binary")
            let store = try await GitStore.open(repo, cache: directory.cache)

            let walked = try await store.walkBlobs(from: ["main"], maxBlobBytes: 1000) { blob, _ in blob.path }

            #expect(walked.results.map(\.1) == ["small.txt"])
            #expect(walked.summary.skippedLarge == 1 && walked.summary.skippedBinary == 1)
        }
    }

    @Test func theWalkStartsAfterAHiddenRevisionOrADate() async throws {
        try await withTemporaryDirectory { directory in
            let repo = try await GitFixture.create("since", in: directory)
            let first = try await repo.commit(["old.txt": "old\n"], message: "old")
            try await repo.commit(["new.txt": "new\n"], message: "new")
            let store = try await GitStore.open(repo, cache: directory.cache)

            let hidden = try await store.walkBlobs(from: ["main"], hiding: [first], maxBlobBytes: 1000) { blob, _ in blob.path }
            let future = try await store.walkBlobs(from: ["main"], after: Date().addingTimeInterval(86_400), maxBlobBytes: 1000) { blob, _ in blob.path }

            #expect(hidden.results.map(\.1) == ["new.txt"] && hidden.summary.commits == 1)
            #expect(future.results.isEmpty && future.summary.commits == 0)
        }
    }
}
