import Foundation

/// Just enough MIME (RFC 2045/2046) to split cloud-init multipart user-data into its parts.
struct MIMEMessage {
    /// Header names lower-cased, continuation lines unfolded.
    var headers: [String: String]
    var body: String

    /// Parses headers up to the first blank line; nil when the text does not start with headers.
    init?(text: String) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        guard let blank = normalized.range(of: "\n\n") else { return nil }
        var headers: [String: String] = [:]
        var lastName: String?
        for line in normalized[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
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
        self.headers = headers
        self.body = String(normalized[blank.upperBound...])
    }

    /// The boundary of a `multipart/*` content type, unquoted.
    var boundary: String? {
        guard let contentType = headers["content-type"], contentType.lowercased().hasPrefix("multipart/") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    var isBase64: Bool { headers["content-transfer-encoding"]?.lowercased() == "base64" }

    /// The parts between `--boundary` lines, up to the closing `--boundary--`.
    static func split(_ body: String, boundary: String) -> [MIMEMessage] {
        var parts: [MIMEMessage] = []
        var current: [Substring]?
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "--\(boundary)" || trimmed == "--\(boundary)--" {
                if let current { parts.append(part(current)) }
                if trimmed == "--\(boundary)--" { return parts }
                current = []
                continue
            }
            current?.append(line)
        }
        if let current { parts.append(part(current)) }
        return parts
    }

    /// A part's own headers and body; a part without headers is all body.
    private static func part(_ lines: [Substring]) -> MIMEMessage {
        let text = lines.joined(separator: "\n")
        if text.hasPrefix("\n") {
            return MIMEMessage(headers: [:], body: String(text.dropFirst()))
        }
        return MIMEMessage(text: text) ?? MIMEMessage(headers: [:], body: text)
    }

    private init(headers: [String: String], body: String) {
        self.headers = headers
        self.body = body
    }
}
