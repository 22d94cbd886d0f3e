import Foundation

/// Just enough MIME (RFC 2045/2046) to split cloud-init multipart user-data into its parts.
struct MIMEMessage {
    /// Header names lower-cased, continuation lines unfolded.
    var headers: [String: String]
    var body: String

    init(headers: [String: String], body: String) {
        self.headers = headers
        self.body = body
    }

    /// Parses headers up to the first blank line; nil when the text does not start with headers.
    ///
    /// Lines are read one at a time and the first that is not a header ends the attempt, so a
    /// large script (whose first line is `#!/bin/bash`) costs one line, not a pass over it all.
    init?(text: String) {
        var headers: [String: String] = [:]
        var lastName: String?
        var rest = Substring(text)
        while true {
            // By byte: "\r\n" is one Character, so a Character search would not see its "\n".
            guard let newline = rest.utf8.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            var line = rest[..<newline]
            rest = rest[rest.utf8.index(after: newline)...]
            if line.utf8.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.isEmpty { break }
            if let first = line.first, first == " " || first == "\t", let name = lastName {
                headers[name, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty, !name.contains(" ") else { return nil }
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            lastName = name
        }
        // Only a body that is split into parts needs its line ends normalised.
        self.headers = headers
        self.body = Self.isMultipart(headers) && rest.contains("\r\n")
            ? rest.replacingOccurrences(of: "\r\n", with: "\n") : String(rest)
    }

    /// True for a `multipart/*` content type, with or without a usable boundary.
    var isMultipart: Bool { Self.isMultipart(headers) }

    private static func isMultipart(_ headers: [String: String]) -> Bool {
        headers["content-type"]?.lowercased().hasPrefix("multipart/") ?? false
    }

    /// The boundary of a `multipart/*` content type, unquoted; nil when absent or empty.
    var boundary: String? {
        guard isMultipart, let contentType = headers["content-type"] else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    var isBase64: Bool { headers["content-transfer-encoding"]?.lowercased() == "base64" }

    /// The parts between `--boundary` lines, up to the closing `--boundary--`, with the text
    /// before the first and after the last (which cloud-init ignores but IMDS still serves).
    struct Multipart {
        var preamble = ""
        var parts: [MIMEMessage] = []
        var epilogue = ""
        /// False when the closing `--boundary--` never came: the last part may be cut short.
        var isClosed = false
        /// True when splitting stopped at `maxParts` with more of the body left.
        var hasMoreParts = false
    }

    /// Splits a multipart body, reading at most `maxParts` parts: the rest is left unread.
    static func split(_ body: String, boundary: String, maxParts: Int) -> Multipart {
        var result = Multipart()
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        var current: [Substring]?
        var preambleEnd = lines.count
        for (index, line) in lines.enumerated() {
            // Delimiters start with `--`, so most lines are passed over without trimming.
            guard line.hasPrefix("--"), let delimiter = delimiter(line, boundary: boundary) else {
                current?.append(line)
                continue
            }
            if let current { result.parts.append(part(current)) } else { preambleEnd = index }
            if delimiter == .closing {
                current = nil
                result.isClosed = true
                result.epilogue = lines[(index + 1)...].joined(separator: "\n")
                break
            }
            if result.parts.count == maxParts {
                result.hasMoreParts = true
                current = nil
                break
            }
            current = []
        }
        if let current { result.parts.append(part(current)) }
        result.preamble = lines[..<preambleEnd].joined(separator: "\n")
        return result
    }

    private enum Delimiter { case opening, closing }

    /// `--boundary` or `--boundary--`, allowing the trailing whitespace RFC 2046 permits.
    private static func delimiter(_ line: Substring, boundary: String) -> Delimiter? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed == "--\(boundary)" { return .opening }
        if trimmed == "--\(boundary)--" { return .closing }
        return nil
    }

    /// A part's own headers and body; a part without headers is all body.
    private static func part(_ lines: [Substring]) -> MIMEMessage {
        let text = lines.joined(separator: "\n")
        if text.hasPrefix("\n") {
            return MIMEMessage(headers: [:], body: String(text.dropFirst()))
        }
        return MIMEMessage(text: text) ?? MIMEMessage(headers: [:], body: text)
    }
}
