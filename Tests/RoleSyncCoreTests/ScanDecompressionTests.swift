import Foundation
import Testing
@testable import RoleSyncCore

/// gzip files made with Python's `gzip` module (mtime 0), one per DEFLATE block type.
enum GzipSamples {
    /// "hello hello hello\n": fixed Huffman codes (block type 1).
    static let fixed = "H4sIAAAAAAAC/8tIzcnJV8hAkFwAO3yK3xIAAAA="
    /// "stored block text\n" at compression level 0 (block type 0).
    static let stored = "H4sIAAAAAAAA/wESAO3/c3RvcmVkIGJsb2NrIHRleHQKFnYz9RIAAAA="
    /// `bootstrapScript` below: dynamic Huffman codes (block type 2) with long back-references.
    static let dynamic = """
        H4sIAAAAAAAC/43YPW7bUBBF4d6rYOX63Zk3f8uxAwYuAsiItH8EaQxWxKk11YEkfrznr6/H8Xyd38c6Hr+P19d5fD4er+fr78f3\
        8f5+PP+c/z97O3/udHOny53d3Nnlzm/u/HK3b+725S5u7uJylzd3ebkr2KVhl4FdtGAYCZaRwTRy2EabfmkC1lHSPEXzNM0zMI8t\
        mMcE85jRH5XDPLZhHguYx5LmKZqnaZ6BeXzRPx3BPG4wjzvM4xvm8YB5PGmeonma5hmYZy+YZwvm2QbzbId59oZ5dtBnVtI8RfM0\
        zTMwTyyYJwTzhME84fSZvmGeCJgnkuYpmqdpnoF5csE8KWoeg3nSYZ7cME8GzJNJ8xTN0zTPUBNSLBfVclEuF/VyUTAXFXNhMlMz\
        F0VzUTU3VXNTNTdVc1M1N1VzUzU3VXNTNTdVc1M1D1XzUDUPVfNQNQ9V81A1D1XzUDUPVfNQNWst/E5K3axF4axF5axF6axF7ayV\
        uFLhSo0rUT9LFNASFbRECS1RQ0sU0VLggSNxpcKVGleikpZRSsuopWUU0zLHOxDltIx6Wpa4UuFKjStRU8spquXCcxlltZy6Wk5h\
        LaeylieuVLhS40qDV0W8RW/qa20KbG0qbG1KbG1qbO3ElQpXalwJr9OB5+nA+3TggTrwQh18osYbdeCROvBKHXimDipuJSW3kppb\
        aXjJp+pWUnYrqbuViSsVrtS4ErZ3YXsXtndhexe2d2F7F7Z3YXsXtndhexe2d2N7N7Z3Y3s3tndjeze2d2N7N7Z3Y3s3tvdgew+2\
        92B7D7b3YHsPtvdgew+292B7z729/wEqHgKPYiAAAA==
        """
    /// zlib.compress(b"hello zlib\n"): the zlib format (RFC 1950), header `78 9c`.
    static let zlib = "eJzLSM3JyVeoyslM4gIAGYUD8A=="

    static var bootstrapScript: String {
        (0..<200).map { "echo step \($0) of the bootstrap && sleep \($0 % 7)\n" }.joined()
    }

    static func bytes(_ base64: String) -> [UInt8] { [UInt8](Data(base64Encoded: base64)!) }
}

struct GzipCase: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var base64: String
    var expected: String
}

@Test(arguments: [
    GzipCase(testDescription: "fixed Huffman", base64: GzipSamples.fixed, expected: "hello hello hello\n"),
    GzipCase(testDescription: "stored", base64: GzipSamples.stored, expected: "stored block text\n"),
    GzipCase(testDescription: "dynamic Huffman", base64: GzipSamples.dynamic, expected: GzipSamples.bootstrapScript),
    GzipCase(testDescription: "zlib format", base64: GzipSamples.zlib, expected: "hello zlib\n"),
])
func zlibInflatesEveryBlockTypeAndBothFormats(_ row: GzipCase) {
    let bytes = GzipSamples.bytes(row.base64)
    #expect(Decompression.format(of: bytes) != nil)
    let (output, outcome) = Decompression.inflate(bytes, limit: 1 << 20)
    #expect(outcome == .complete)
    #expect(String(decoding: output, as: UTF8.self) == row.expected)
}

@Test func formatsAreToldByTheirHeaders() {
    #expect(Decompression.format(of: GzipSamples.bytes(GzipSamples.fixed)) == .gzip)
    #expect(Decompression.format(of: GzipSamples.bytes(GzipSamples.zlib)) == .zlib)
    #expect(Decompression.format(of: Array("x^2 is not zlib".utf8)) == nil, "78 5e reads as text")
    #expect(Decompression.format(of: Array("#!/bin/bash".utf8)) == nil)
}

@Test func concatenatedGzipMembersDecompressToConcatenatedText() {
    let bytes = GzipSamples.bytes(GzipSamples.fixed) + GzipSamples.bytes(GzipSamples.stored)
    let (output, outcome) = Decompression.inflate(bytes, limit: 1 << 20)
    #expect(outcome == .complete)
    #expect(String(decoding: output, as: UTF8.self) == "hello hello hello\nstored block text\n")
}

@Test func aBadChecksumIsCorruptButKeepsTheOutput() {
    var bytes = GzipSamples.bytes(GzipSamples.dynamic)
    bytes[bytes.count - 6] ^= 0xFF  // inside the CRC-32
    let (output, outcome) = Decompression.inflate(bytes, limit: 1 << 20)
    #expect(outcome == .corrupt("incorrect data check"))
    #expect(String(decoding: output, as: UTF8.self) == GzipSamples.bootstrapScript)
}

@Test func aTruncatedStreamKeepsWhatCameBeforeTheCut() {
    let whole = GzipSamples.bytes(GzipSamples.dynamic)
    let (output, outcome) = Decompression.inflate(Array(whole.prefix(whole.count - 20)), limit: 1 << 20)
    #expect(outcome == .truncated)
    #expect(!output.isEmpty && GzipSamples.bootstrapScript.utf8.starts(with: output))
}

@Test func bytesAfterTheLastMemberAreReported() {
    let (output, outcome) = Decompression.inflate(GzipSamples.bytes(GzipSamples.fixed) + Array("tail".utf8), limit: 1 << 20)
    #expect(outcome == .trailingData(4))
    #expect(String(decoding: output, as: UTF8.self) == "hello hello hello\n")
}

@Test func aBombStopsAtTheBudget() {
    let bomb = Compress.deflate([UInt8](repeating: UInt8(ascii: "A"), count: 8 << 20))
    #expect(bomb.count < 16 << 10, "8 MiB compress to a few KiB")
    let (output, outcome) = Decompression.inflate(bomb, limit: 1 << 20)
    #expect(outcome == .overBudget)
    #expect(output.count == 1 << 20)
}

@Test func garbageIsCorruptNotAnEmptyDocument() {
    let (output, outcome) = Decompression.inflate([0x1f, 0x8b, 0x08, 0x00] + [UInt8](repeating: 0xff, count: 40), limit: 1 << 20)
    #expect(output.isEmpty)
    guard case .corrupt = outcome else { Issue.record("expected corrupt, got \(outcome)"); return }
}

@Test(arguments: [
    ("", "", Base64Text.Outcome.complete),
    ("aGk=", "hi", .complete),
    ("aGk", "hi", .complete),
    ("aGVs\r\nbG8=", "hello", .complete),
    ("aGVsbG8%", "hello", .invalid("'%' at offset 7 is not a base64 character")),
    ("aGk=aGk=", "hi", .invalid("data after the padding at offset 4")),
    ("aGVsb", "hel", .invalid("the text ends in the middle of a group")),
])
func base64DecodesWhatItCanAndSaysWhyItStopped(_ text: String, _ expected: String, _ outcome: Base64Text.Outcome) {
    let decoded = Base64Text.decode(text.utf8, limit: 100)
    #expect(String(decoding: decoded.bytes, as: UTF8.self) == expected)
    #expect(decoded.outcome == outcome)
}

@Test func base64StopsAtItsBudget() {
    let decoded = Base64Text.decode("aGVsbG8gd29ybGQ=".utf8, limit: 5)
    #expect(decoded.bytes == Array("hello".utf8))
    #expect(decoded.outcome == .overBudget)
}
