import Foundation

/// One text document found in an instance's user-data.
public struct UserDataPart: Sendable, Hashable, Codable {
    /// `user-data` for a single document, `user-data/part-2` for the second MIME part, and so on.
    public var label: String
    public var text: String

    public init(label: String, text: String) {
        self.label = label
        self.text = text
    }
}

/// Turns user-data as `DescribeInstanceAttribute` returns it (base64) into the text documents
/// it holds: gzip-compressed (magic `1f 8b`) and MIME multipart (cloud-init) are unpacked,
/// nested as deep as they go, with base64-encoded parts decoded.
public enum UserDataDecoder {
    public enum Failure: Error, Sendable, Hashable {
        case notBase64
        case corruptGzip(label: String)
    }

    public static func decode(base64: String) throws -> [String] {
        try parts(base64: base64).map(\.text)
    }

    public static func parts(base64: String) throws -> [UserDataPart] {
        guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
            throw Failure.notBase64
        }
        return try expand([UInt8](data), label: "user-data")
    }

    /// Unpacks gzip and multipart layers of one document.
    static func expand(_ bytes: [UInt8], label: String) throws -> [UserDataPart] {
        if Gzip.isGzip(bytes) {
            do {
                return try expand(Gzip.decompress(bytes), label: label)
            } catch {
                throw Failure.corruptGzip(label: label)
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let message = MIMEMessage(text: text), let boundary = message.boundary else {
            return [UserDataPart(label: label, text: text)]
        }
        var result: [UserDataPart] = []
        for (offset, part) in MIMEMessage.split(message.body, boundary: boundary).enumerated() {
            let partLabel = label == "user-data" ? "user-data/part-\(offset + 1)" : "\(label).\(offset + 1)"
            let body = part.isBase64 ? Data(base64Encoded: part.body, options: .ignoreUnknownCharacters).map { [UInt8]($0) } : nil
            result += try expand(body ?? Array(part.body.utf8), label: partLabel)
        }
        return result
    }
}
