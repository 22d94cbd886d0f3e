import Foundation
import GitStore
import Testing

/// The allowed-signers parser against table cases: what parses, and every error with its line.
@Suite struct AllowedSignersParserTests {
    static let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEGQS3nnBuAZIZS16ntfnT8jVDbiaZYmJ5FNhPe0npub"
    static let utc = TimeZone(identifier: "UTC")!

    static func parse(_ text: String, timeZone: TimeZone = utc) throws(AllowedSignersError) -> AllowedSigners {
        try AllowedSigners(parsing: Data(text.utf8), file: "signers", timeZone: timeZone)
    }

    static func date(_ iso: String) -> Date { try! Date(iso, strategy: .iso8601) }

    @Test func commentsBlankLinesAndTrailingCommentsAreSkipped() throws {
        let signers = try Self.parse("# team keys\n\n   \n\t# indented comment\nalice@example.com \(Self.key) alice's laptop\r\n")
        #expect(signers.signers.count == 1)
        let signer = try #require(signers.signers.first)
        #expect(signer.line == 5)
        #expect(signer.principals == "alice@example.com")
        #expect(signer.key.type == "ssh-ed25519")
        #expect(signer.key.fingerprint == "SHA256:TMaUxriw4enWjfsPsCbpw4bXomvgXoeGR/zLYqE5tVY")
        #expect(signer.namespaces == nil && signer.validAfter == nil && signer.validBefore == nil)
    }

    @Test func optionsAreParsedInAnyLetterCaseQuotedOrNot() throws {
        let text = """
            alice,bob NAMESPACES="git,file",valid-after="20240101Z",Valid-Before=20250101123000Z \(Self.key)
            "carol smith@example.com" namespaces=git \(Self.key)
            """
        let signers = try Self.parse(text).signers
        #expect(signers.count == 2)
        #expect(signers[0].principals == "alice,bob")
        #expect(signers[0].namespaces == "git,file")
        #expect(signers[0].validAfter == Self.date("2024-01-01T00:00:00Z"))
        #expect(signers[0].validBefore == Self.date("2025-01-01T12:30:00Z"))
        #expect(signers[1].principals == "carol smith@example.com")
        #expect(signers[1].line == 2)
    }

    @Test(arguments: [
        ("20240102", "2024-01-01T22:00:00Z"),
        ("202401021530", "2024-01-02T13:30:00Z"),
        ("20240102153045Z", "2024-01-02T15:30:45Z"),
        ("20240102z", "2024-01-02T00:00:00Z"),
    ])
    func timestampsWithoutZAreInTheGivenTimeZone(_ written: String, _ expected: String) throws {
        let plusTwo = try #require(TimeZone(secondsFromGMT: 7200))
        let signer = try #require(try Self.parse("a valid-after=\"\(written)\" \(Self.key)", timeZone: plusTwo).signers.first)
        #expect(signer.validAfter == Self.date(expected))
    }

    @Test func certificateAuthorityLinesAreIgnoredWithAReason() throws {
        let signers = try Self.parse("*@example.com cert-authority \(Self.key)\nalice \(Self.key)")
        #expect(signers.signers.map(\.line) == [2])
        #expect(signers.ignored.map(\.line) == [1])
        #expect(signers.ignored.first?.reason.contains("cert-authority") == true)
    }

    @Test(arguments: [
        ("alice", AllowedSignersError.Reason.syntax("missing key after the principals")),
        ("alice ssh-ed25519", .badKey("missing base64 key after ssh-ed25519")),
        ("alice ssh-ed25519 !!!!", .badKey("ssh-ed25519 key is not valid base64")),
        ("alice ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", .badKey("length of Ed25519 public key is truncated: 4 bytes needed, 0 left")),
        ("alice ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIEGQS3nnBuAZIZS16ntfnT8jVDbiaZYmJ5FNhPe0npub",
         .badKey("line says ssh-rsa but the key is ssh-ed25519")),
        ("alice ssh-foo AAAA", .syntax("'ssh-foo' is neither a key type nor an option")),
        ("alice,,bob \(key)", .syntax("empty principal in 'alice,,bob'")),
        ("alice namespaces=git", .syntax("missing key after the options")),
        ("alice namespaces=git ssh-foo AAAA", .badKey("unknown key type 'ssh-foo'")),
        ("alice colour=blue \(key)", .badOption("unsupported option 'colour'")),
        ("alice namespaces=git,namespaces=file \(key)", .badOption("namespaces given twice")),
        ("alice namespaces= \(key)", .badOption("namespaces needs a value")),
        ("alice namespaces=git, \(key)", .badOption("options end with a comma")),
        ("alice namespaces=\"git \(key)", .syntax("unterminated double quote in the options")),
        ("alice cert-authority=yes \(key)", .badOption("cert-authority takes no value")),
        ("alice valid-after=2024 \(key)", .badOption("valid-after '2024' is not YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]")),
        ("alice valid-after=20240230 \(key)", .badOption("valid-after '20240230' is not YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]")),
        ("alice valid-after=20250101,valid-before=20240101 \(key)", .badOption("valid-before is not after valid-after")),
    ])
    func badLinesAreReportedWithTheirLine(_ line: String, _ reason: AllowedSignersError.Reason) {
        let text = "# comment\nok@example.com \(Self.key)\n\(line)\n"
        #expect(throws: AllowedSignersError(file: "signers", problems: [.init(line: 3, reason: reason)])) {
            try Self.parse(text)
        }
    }

    @Test func everyBadLineIsReportedAsFileAndLine() throws {
        let text = "alice\nok \(Self.key)\nbob colour=blue \(Self.key)\n"
        let error = try #require(throws: AllowedSignersError.self) { try Self.parse(text) }
        #expect(error.problems.map(\.line) == [1, 3])
        #expect(error.description == """
            allowed signers file is unusable:
            signers:1: missing key after the principals
            signers:3: bad option: unsupported option 'colour'
            """)
    }

    @Test func manyProblemsAreCappedButCounted() throws {
        let text = Array(repeating: "nope", count: 25).joined(separator: "\n")
        let error = try #require(throws: AllowedSignersError.self) { try Self.parse(text) }
        #expect(error.problems.count == AllowedSignersError.maximumProblems)
        #expect(error.totalProblems == 25)
        #expect(error.description.hasSuffix("signers: 5 more problems not shown"))
    }

    @Test func oversizedFilesAndLinesAreRefused() throws {
        let big = String(repeating: "#", count: AllowedSigners.maximumFileBytes + 1)
        #expect(throws: AllowedSignersError(file: "signers", problems: [.init(
            line: nil, reason: .fileTooLarge(bytes: big.utf8.count, limit: AllowedSigners.maximumFileBytes))])) {
            try Self.parse(big)
        }
        let long = "ok \(Self.key)\n# " + String(repeating: "x", count: AllowedSigners.maximumLineBytes)
        #expect(throws: AllowedSignersError(file: "signers", problems: [.init(
            line: 2, reason: .lineTooLong(bytes: AllowedSigners.maximumLineBytes + 2, limit: AllowedSigners.maximumLineBytes))])) {
            try Self.parse(long)
        }
        #expect(throws: AllowedSignersError(file: "signers", problems: [.init(line: nil, reason: .notUTF8)])) {
            try AllowedSigners(parsing: Data([0x61, 0xFF, 0x0A]), file: "signers")
        }
    }

    @Test func readingAMissingFileNamesIt() throws {
        let url = URL(fileURLWithPath: "/nonexistent/allowed_signers")
        let error = try #require(throws: AllowedSignersError.self) { try AllowedSigners(contentsOf: url) }
        #expect(error.file == url.path)
        #expect(error.problems.first?.line == nil)
    }

    @Test(arguments: [
        ("*@example.com,!eve@example.com", "alice@example.com", true),
        ("*@example.com,!eve@example.com", "eve@example.com", false),
        ("*@example.com", "alice@example.org", false),
        ("a?c@*", "abc@x", true),
        ("a?c@*", "ac@x", false),
        ("*", "anyone", true),
        ("**a*", "bbba", true),
        ("alice", "ALICE", false),
    ])
    func principalsArePatternLists(_ pattern: String, _ principal: String, _ matches: Bool) throws {
        let signer = try #require(try Self.parse("\"\(pattern)\" \(Self.key)").signers.first)
        #expect(signer.matches(principal: principal) == matches)
    }
}
