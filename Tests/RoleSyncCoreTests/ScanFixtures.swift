import CZlib
import Foundation
@testable import RoleSyncCore

/// Compressed inputs made in the test itself, through the same zlib the decoder uses.
enum Compress {
    /// gzip (`windowBits` 15 + 16) or zlib (15) around `bytes`.
    static func deflate(_ bytes: [UInt8], gzip: Bool = true, level: Int32 = 9) -> [UInt8] {
        var stream = z_stream()
        precondition(rolesync_deflateInit2(&stream, level, gzip ? 15 + 16 : 15) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        var input = bytes
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        precondition(status == Z_STREAM_END)
        return Array(output.prefix(Int(stream.total_out)))
    }

    static func gzip(_ text: String) -> [UInt8] { deflate(Array(text.utf8)) }

    /// `layers` gzip layers around `text`.
    static func nestedGzip(_ text: String, layers: Int) -> [UInt8] {
        (0..<layers).reduce(Array(text.utf8)) { bytes, _ in deflate(bytes) }
    }
}

extension Array where Element == UInt8 {
    var base64: String { Data(self).base64EncodedString() }
}

extension String {
    var base64: String { Data(utf8).base64EncodedString() }
}

/// Multipart documents as cloud-init writes them (Python's `email` package).
enum MIME {
    static let boundary = "===============4242=="

    /// A part: its headers, a blank line, its body.
    static func part(_ body: String, type: String = "text/x-shellscript", base64: Bool = false) -> String {
        let encoding = base64 ? "Content-Transfer-Encoding: base64\n" : ""
        let content = base64
            ? Data(body.utf8).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]) : body
        return "Content-Type: \(type); charset=\"us-ascii\"\n\(encoding)\n\(content)\n"
    }

    /// A multipart of `parts` (each already a `part`), closed unless `closed` is false.
    static func multipart(_ parts: [String], boundary: String = boundary, closed: Bool = true) -> String {
        var text = "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\nMIME-Version: 1.0\n\n"
        for part in parts { text += "--\(boundary)\n" + part }
        return closed ? text + "--\(boundary)--\n" : text
    }

    /// A multipart nested `depth` times: each level is the single part of the one around it.
    static func nested(_ innermost: String, depth: Int) -> String {
        (0..<depth).reduce(innermost) { inner, level in
            let boundary = "level-\(level)"
            return "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\n\n--\(boundary)\n\(inner)\n--\(boundary)--\n"
        }
    }
}
