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
])
func gzipDecompressesEveryBlockType(_ row: GzipCase) throws {
    let bytes = GzipSamples.bytes(row.base64)
    #expect(Gzip.isGzip(bytes))
    #expect(String(decoding: try Gzip.decompress(bytes), as: UTF8.self) == row.expected)
}

@Test func concatenatedGzipMembersDecompressToConcatenatedText() throws {
    let bytes = GzipSamples.bytes(GzipSamples.fixed) + GzipSamples.bytes(GzipSamples.stored)
    #expect(String(decoding: try Gzip.decompress(bytes), as: UTF8.self) == "hello hello hello\nstored block text\n")
}

@Test func corruptGzipIsAnErrorNotGarbage() {
    var bytes = GzipSamples.bytes(GzipSamples.dynamic)
    bytes[bytes.count - 6] ^= 0xFF  // inside the CRC-32
    #expect(throws: Gzip.Failure.checksumMismatch) { try Gzip.decompress(bytes) }
    let truncated = Array(GzipSamples.bytes(GzipSamples.dynamic).prefix(40))
    #expect(throws: (any Error).self) { try Gzip.decompress(truncated) }
}

@Test func crc32MatchesTheKnownCheckValue() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
}
