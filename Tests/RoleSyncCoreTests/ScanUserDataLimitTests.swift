import Foundation
import Testing
@testable import RoleSyncCore

/// Hostile and broken user-data: each failure is a problem naming its limit or cause, what was
/// decoded before it is still scanned, and nothing with a problem counts as complete.
private func inspect(_ base64: String, limits: UserDataLimits = UserDataLimits(), available: Int? = nil) -> UserDataInspection {
    CredentialScanner.inspectUserData(base64: base64, limits: limits, available: available)
}

private let keyLine = "export AWS_ACCESS_KEY_ID=\(FakeKeys.accessKeyId)\n"

struct ProblemCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var base64: String
    var kind: UserDataProblem.Kind
    var reason: String
    /// True when the key in the input comes before the failure and must still be found.
    var keyFound = true
}

private let bombText = keyLine + String(repeating: "echo padding\n", count: 200_000)

@Test(arguments: [
    ProblemCase(testDescription: "invalid base64", base64: keyLine.base64 + "%%%", kind: .invalidBase64,
                reason: "invalid base64: '%' at offset 64 is not a base64 character (in user-data)"),
    ProblemCase(testDescription: "not base64 at all", base64: "%%%", kind: .invalidBase64,
                reason: "invalid base64: '%' at offset 0 is not a base64 character (in user-data)", keyFound: false),
    ProblemCase(testDescription: "truncated gzip",
                base64: Array(Compress.gzip(FakeKeys.script + GzipSamples.bootstrapScript).dropLast(30)).base64,
                kind: .truncatedCompression, reason: "gzip data ends early (in user-data)"),
    ProblemCase(testDescription: "corrupt gzip CRC", base64: corruptCRC(Compress.gzip(FakeKeys.script)).base64,
                kind: .corruptCompression, reason: "corrupt gzip data: incorrect data check (in user-data)"),
    ProblemCase(testDescription: "gzip bomb over the instance budget", base64: Compress.gzip(bombText).base64,
                kind: .instanceBudget, reason: "decoded user-data exceeds the 1 MiB budget per instance (in user-data)"),
    ProblemCase(testDescription: "gzip in gzip deeper than allowed", base64: Compress.nestedGzip(keyLine, layers: 5).base64,
                kind: .nestingDepth, reason: "user-data nests more than 4 layers of compression and MIME (in user-data)",
                keyFound: false),
    ProblemCase(testDescription: "multipart without a boundary",
                base64: ("Content-Type: multipart/mixed\nMIME-Version: 1.0\n\n--x\n\n" + keyLine).base64,
                kind: .brokenMIME, reason: "multipart without a boundary parameter (in user-data)"),
    ProblemCase(testDescription: "multipart without its closing boundary",
                base64: MIME.multipart([MIME.part("#cloud-config\n"), MIME.part(keyLine)], closed: false).base64,
                kind: .brokenMIME, reason: "multipart ends without its closing boundary (in user-data)"),
    ProblemCase(testDescription: "multipart whose boundary never appears",
                base64: ("Content-Type: multipart/mixed; boundary=\"b\"\n\n" + keyLine).base64,
                kind: .brokenMIME, reason: "multipart holds no part delimited by its boundary (in user-data)"),
    ProblemCase(testDescription: "too many parts",
                base64: MIME.multipart([MIME.part(keyLine)] + Array(repeating: MIME.part("echo hi\n"), count: 64)).base64,
                kind: .mimeParts, reason: "user-data has more than the 64 MIME parts allowed per instance (in user-data)"),
    ProblemCase(testDescription: "binary content", base64: (Array(keyLine.utf8) + [0, 1, 2, 0xff]).base64,
                kind: .binary, reason: "50 bytes of binary data, not text (in user-data)"),
    ProblemCase(testDescription: "binary MIME part",
                base64: MIME.multipart([MIME.part(keyLine), MIME.part("\u{0}\u{1}", type: "application/octet-stream", base64: true)]).base64,
                kind: .binary, reason: "2 bytes of binary data, not text (in user-data/part-2)"),
    ProblemCase(testDescription: "multipart deeper than allowed", base64: MIME.nested(keyLine, depth: 5).base64,
                kind: .nestingDepth, reason: "user-data nests more than 4 layers of compression and MIME (in user-data/part-1.1.1.1)"),
])
func everyFailureIsAProblemAndTheReadPartIsStillScanned(_ row: ProblemCase) {
    let inspection = inspect(row.base64)
    #expect(!inspection.isComplete)
    #expect(inspection.problems.map(\.kind) == [row.kind], "\(inspection.problems)")
    #expect(inspection.reason == row.reason)
    #expect(inspection.matches.contains { $0.kind == .accessKeyId } == row.keyFound, "\(inspection.matches)")
}

private func corruptCRC(_ gzip: [UInt8]) -> [UInt8] {
    var bytes = gzip
    bytes[bytes.count - 6] ^= 0xFF
    return bytes
}

@Test func realisticUserDataIsCompleteWithinTheDefaults() {
    let gzippedPart = Compress.gzip(FakeKeys.script).base64
    let document = MIME.multipart([
        MIME.part("#cloud-config\npackages: [jq]\n", type: "text/cloud-config"),
        "Content-Type: application/x-gzip\nContent-Transfer-Encoding: base64\n\n\(gzippedPart)\n",
    ])
    let inspection = inspect(Compress.gzip(document).base64)
    #expect(inspection.isComplete, "\(inspection.problems)")
    #expect(inspection.matches.map(\.location) == ["user-data/part-2:4", "user-data/part-2:5"])
}

@Test func theDeepestNestingAllowedIsRead() {
    #expect(inspect(Compress.nestedGzip(keyLine, layers: 4).base64).isComplete)
    let mime = inspect(MIME.nested(keyLine, depth: 4).base64)
    #expect(mime.isComplete, "\(mime.problems)")
    #expect(mime.matches.map(\.location) == ["user-data/part-1.1.1.1:1"])
}

@Test func theBombBudgetCountsEveryLayer() {
    let inspection = inspect(Compress.gzip(bombText).base64)
    #expect(inspection.decodedBytes == 1 << 20)
    let small = UserDataLimits(decodedBytesPerInstance: 4 << 10)
    let tight = inspect(MIME.multipart([MIME.part(keyLine + String(repeating: "x", count: 2_000), base64: true)]).base64, limits: small)
    #expect(tight.problems.map(\.kind) == [.instanceBudget], "the outer base64 and the part's base64 count together")
    #expect(tight.reason == "decoded user-data exceeds the 4 KiB budget per instance (in user-data/part-1)")
    #expect(tight.matches.map(\.kind) == [.accessKeyId])
}

@Test func aSpentRunBudgetIsNamedAsSuch() {
    let inspection = inspect(keyLine.base64, available: 10)
    #expect(inspection.reason == "the run's 64 MiB budget for decoded user-data is spent (in user-data)")
    #expect(inspection.decodedBytes == 10)
}

@Test func problemsAfterTheFirstFewAreCounted() {
    let problems = (1...5).map { UserDataProblem(.binary, at: "user-data/part-\($0)", "binary") }
    #expect(UserDataProblem.reason(problems) == "binary (in user-data/part-1); binary (in user-data/part-2); "
            + "binary (in user-data/part-3); and 2 more")
}

@Test func preambleAndEpilogueAreScannedToo() {
    let document = MIME.multipart([MIME.part("echo hi\n")]).replacingOccurrences(of: "MIME-Version: 1.0\n\n", with: "MIME-Version: 1.0\n\n" + keyLine)
        + keyLine
    let inspection = inspect(document.base64)
    #expect(inspection.isComplete)
    #expect(inspection.matches.map(\.location) == ["user-data/epilogue:1", "user-data/preamble:1"])
}
