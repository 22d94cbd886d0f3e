import Foundation
import GitStore
import Testing
import TestSupport

/// Reads bounded by `ReadLimits`: sizes come from object headers, before any content is read.
@Suite struct BoundedReadTests {
    static let small = ReadLimits(maxFileBytes: 1000, maxTotalBytes: 1500)

    @Test func aFileOverTheLimitIsRefusedWithItsSizeAndTheOthersAreRead() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            try await repository.commit(["big.yaml": String(repeating: "x", count: 2000), "ok.yaml": "fine"])
            let store = try await GitStore.open(repository, cache: directory.cache)

            let read = try await store.readFiles(at: "HEAD", under: nil, within: Self.small) { _ in true }

            #expect(read.files.texts == ["ok.yaml": "fine"])
            #expect(read.refused == [RefusedEntry(displayPath: "big.yaml", reason: .fileTooLarge(size: 2000, limit: 1000))])
            #expect(read.refused.first?.description ==
                "big.yaml: file is 2000 bytes, over the limit of 1000 bytes per file; it was not read")
        }
    }

    /// The blob's header claims 50 MB but its contents are cut short: reading them fails, so a
    /// read that returns a size refusal has only looked at the header.
    @Test func anOversizedBlobIsJudgedByItsHeaderWithoutReadingIt() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            let forged = try repository.writeTruncatedBlob(claimedSize: 50_000_000)
            try await repository.commitRawTree([.blob("huge.yaml", id: forged), .file("ok.yaml", contents: "fine")])
            let store = try await GitStore.open(repository, cache: directory.cache)

            let read = try await store.readFiles(at: "HEAD", under: nil, within: .default) { _ in true }

            #expect(read.files.map(\.path) == ["ok.yaml"])
            #expect(read.refused.map(\.reason) == [.fileTooLarge(size: 50_000_000, limit: 1 << 20)])
            await #expect(throws: GitError.self, "the contents themselves cannot be read") {
                try await store.readFile("huge.yaml", at: "HEAD")
            }
        }
    }

    @Test func aReadOverTheTotalStopsAtTheFileThatWouldCrossIt() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            let text = String(repeating: "y", count: 600)
            try await repository.commit(["a.yaml": text, "b.yaml": text, "c.yaml": text, "d.yaml": "tiny"])
            let store = try await GitStore.open(repository, cache: directory.cache)

            let read = try await store.readFiles(at: "HEAD", under: nil, within: Self.small) { _ in true }

            #expect(read.files.map(\.path) == ["a.yaml", "b.yaml"])
            #expect(read.refused == [
                RefusedEntry(displayPath: "c.yaml", reason: .totalTooLarge(readSoFar: 1200, size: 600, limit: 1500)),
            ])
        }
    }

    @Test func filesTheFilterLeavesOutDoNotCount() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            try await repository.commit(["image.png": String(repeating: "z", count: 5000), "ok.yaml": "fine"])
            let store = try await GitStore.open(repository, cache: directory.cache)

            let read = try await store.readFiles(at: "HEAD", under: nil, within: Self.small) { $0.hasSuffix(".yaml") }

            #expect(read.files.map(\.path) == ["ok.yaml"])
            #expect(read.refused.isEmpty)
        }
    }

    @Test func theUnboundedFormThrowsRefusedWithEveryEntry() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            try await repository.commitRawTree([.file("a\nb.yaml", contents: "x"), .file("ok.yaml", contents: "fine")])
            let store = try await GitStore.open(repository, cache: directory.cache)

            let error = await #expect(throws: GitError.self) { try await store.readFiles(at: "HEAD") }

            guard case .refused(let entries)? = error?.kind else {
                Issue.record("expected refused, got \(String(describing: error))")
                return
            }
            #expect(entries.map(\.displayPath) == [#"a\nb.yaml"#])
            #expect(error?.description.contains("\n") == false)
        }
    }
}
