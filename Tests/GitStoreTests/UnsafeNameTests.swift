import Foundation
import GitStore
import Testing
import TestSupport

/// Tree entries whose names could escape a directory, pose as repository metadata or forge a
/// line of output are refused, never read, and only printed escaped.
@Suite struct UnsafeNameTests {
    static let names: [(name: String, shown: String, problem: EntryName.Problem)] = [
        ("..", "..", .dotOrDotDot), (".", ".", .dotOrDotDot),
        (".git", ".git", .gitDirectory), (".GIT", ".GIT", .gitDirectory), (".Git", ".Git", .gitDirectory),
        ("a\nb.yaml", #"a\nb.yaml"#, .controlCharacter(0x0A)), ("a\rb.yaml", #"a\rb.yaml"#, .controlCharacter(0x0D)),
        ("a\tb.yaml", #"a\tb.yaml"#, .controlCharacter(0x09)), ("del\u{7F}.yaml", #"del\u{7F}.yaml"#, .controlCharacter(0x7F)),
        ("esc\u{1B}[31m.yaml", #"esc\u{1B}[31m.yaml"#, .controlCharacter(0x1B)),
        ("nel\u{85}.yaml", #"nel\u{85}.yaml"#, .controlCharacter(0x85)),
        ("ls\u{2028}.yaml", #"ls\u{2028}.yaml"#, .controlCharacter(0x2028)),
    ]

    /// Each name as a file and as a directory (whose contents must not even be looked at); the
    /// entry points at a blob whose contents cannot be read, so reading it would fail the test.
    @Test(arguments: names.indices, [false, true])
    func anUnsafeNameIsRefusedAndNothingBelowItIsRead(index: Int, asDirectory: Bool) async throws {
        let (name, shown, problem) = Self.names[index]
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            let unreadable = try repository.writeTruncatedBlob(claimedSize: 100)
            let entry: RawTreeEntry = asDirectory
                ? .directory(name, [.blob("inside.yaml", id: unreadable)]) : .blob(name, id: unreadable)
            try await repository.commitRawTree([.directory("teams", [entry, .file("web.yaml", contents: "web")])])
            let store = try await GitStore.open(repository, cache: directory.cache)

            let read = try await store.readFiles(at: "HEAD", under: "teams", within: .default) { _ in true }

            #expect(read.files.texts == ["teams/web.yaml": "web"])
            #expect(read.refused == [RefusedEntry(displayPath: "teams/" + shown, reason: .unsafeName(problem))])
            #expect(read.refused.allSatisfy { !$0.description.contains(where: \.isNewline) })
        }
    }

    /// `x.yaml\n` is a directory holding `a.yaml:1:1: error: forged`: printed raw, the pair
    /// would read as a second, forged problem line.
    @Test func aNameCannotForgeALineWhenPrinted() async throws {
        try await withTemporaryDirectory { directory in
            let repository = try await GitFixture.create("work", in: directory)
            try await repository.commitRawTree([.directory("x.yaml\n", [.file("a.yaml:1:1: error: forged", contents: "x")])])
            let store = try await GitStore.open(repository, cache: directory.cache)

            let read = try await store.readFiles(at: "HEAD", under: nil, within: .default) { _ in true }

            #expect(read.refused.map(\.displayPath) == [#"x.yaml\n"#])
            #expect(read.refused.map(\.description).joined().split(separator: "\n").count == 1)
        }
    }

    @Test func escapingIsOneLineAndTellsNamesApart() {
        #expect(EntryName.escaped("plain/name.yaml") == "plain/name.yaml")
        #expect(EntryName.escaped("a\\nb") == #"a\\nb"#)
        #expect(EntryName.escaped("a\nb") == #"a\nb"#)
        #expect(EntryName.escaped("nul\0") == #"nul\0"#)
        #expect(EntryName.problem(bytes: [0x61, 0xFF, 0x62]) == .invalidUTF8)
        #expect(EntryName.problem(bytes: Array("été.yaml".utf8)) == nil)
        #expect(EntryName.problem("a/b") == .slash)
        #expect(EntryName.problem("") == .empty)
        #expect(EntryName.problem(".gitignore") == nil)
        #expect(EntryName.problem("...") == nil)
    }
}
