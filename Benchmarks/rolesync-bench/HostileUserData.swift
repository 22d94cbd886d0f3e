import CZlib
import Foundation

/// The worst user-data the default `UserDataLimits` let through, built in memory: each input
/// is as large or as deep as the limits allow, or far beyond them (so the limit, not the
/// input, decides the cost).
enum HostileUserData {
    static let keyLine = "export AWS_ACCESS_KEY_ID=AKIABEGZGSYEBANND6YZ\n"

    /// `megabytes` MiB of `line` repeated, gzip-compressed in a stream (never held whole).
    static func gzipBomb(of line: String, megabytes: Int) -> [UInt8] {
        let block = Array(String(repeating: line, count: (64 << 10) / line.utf8.count).utf8)
        return gzip(block, times: (megabytes << 20) / block.count)
    }

    static func gzip(_ text: String) -> [UInt8] { gzip(Array(text.utf8), times: 1) }

    /// `block` `times` over, compressed at level 9 into one gzip member.
    static func gzip(_ block: [UInt8], times: Int) -> [UInt8] {
        var stream = z_stream()
        precondition(rolesync_deflateInit2(&stream, 9, 15 + 16) == Z_OK)
        defer { deflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = block
        for index in 0...times {
            let last = index == times
            input.withUnsafeMutableBufferPointer { source in
                stream.next_in = source.baseAddress
                stream.avail_in = last ? 0 : UInt32(source.count)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { target in
                        stream.next_out = target.baseAddress
                        stream.avail_out = UInt32(target.count)
                        _ = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH)
                    }
                    output += chunk.prefix(chunk.count - Int(stream.avail_out))
                } while stream.avail_out == 0 || stream.avail_in > 0
            }
        }
        return output
    }

    /// A bootstrap script of about `bytes` bytes with a key at the top: what the scanner reads.
    static func script(bytes: Int) -> String {
        var text = "#!/bin/bash\n" + keyLine
        let line = "echo step of the bootstrap && curl -fsS https://example.com/a/b/c >> /var/log/boot.log\n"
        text += String(repeating: line, count: max(bytes - text.utf8.count, 0) / line.utf8.count)
        return text
    }

    /// gzip → multipart → base64 gzip part → multipart → script: four layers, about 900 KiB
    /// decoded in all, the deepest and largest the defaults read in full.
    static func deepest() -> String {
        let inner = multipart([part(script(bytes: 900 << 10))], boundary: "inner")
        let gzipPart = "Content-Type: application/x-gzip\nContent-Transfer-Encoding: base64\n\n"
            + base64(gzip(inner), folded: true) + "\n"
        return base64(gzip(multipart([part("#cloud-config\npackages: [jq]\n"), gzipPart], boundary: "outer")))
    }

    /// A multipart nested inside itself `levels` times, about 1 MiB of text: depth stops it.
    static func nestedMIME(levels: Int) -> String {
        var opening = ""
        var closing = ""
        for level in 0..<levels {
            opening += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\n"
            closing = "\n--b\(level)--\n" + closing
        }
        return base64(Array((opening + keyLine + closing).utf8))
    }

    /// `count` parts of `partBytes` each, plain text.
    static func manyParts(count: Int, partBytes: Int) -> String {
        base64(Array(multipart(Array(repeating: part(script(bytes: partBytes)), count: count), boundary: "p").utf8))
    }

    static func part(_ body: String) -> String { "Content-Type: text/x-shellscript\n\n\(body)\n" }

    static func multipart(_ parts: [String], boundary: String) -> String {
        "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\nMIME-Version: 1.0\n\n"
            + parts.map { "--\(boundary)\n" + $0 }.joined() + "--\(boundary)--\n"
    }

    static func base64(_ bytes: [UInt8], folded: Bool = false) -> String {
        Data(bytes).base64EncodedString(options: folded ? [.lineLength76Characters, .endLineWithLineFeed] : [])
    }

    static func base64(_ text: String) -> String { base64(Array(text.utf8)) }
}
