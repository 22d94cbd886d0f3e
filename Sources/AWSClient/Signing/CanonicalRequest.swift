import Crypto

/// An HTTP request as the signer sees it: the path as written (not yet percent-encoded),
/// decoded query parameters, headers in the order they appear (duplicates allowed), the body.
public struct SignableRequest: Sendable, Equatable {
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [Header]
    public var body: [UInt8]

    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [Header], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: SignableRequest, rhs: SignableRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.headers == rhs.headers
            && lhs.body == rhs.body
            && lhs.query.map { [$0.name, $0.value] } == rhs.query.map { [$0.name, $0.value] }
    }
}

/// The canonical request of SigV4 (AWS General Reference, "Create a canonical request"),
/// built from a request whose headers already include everything to be signed.
public struct CanonicalRequest: Sendable, Equatable {
    /// The canonical text that is hashed into the string to sign.
    public var text: String
    /// Lower-case header names, sorted, joined by `;`.
    public var signedHeaders: String

    public init(request: SignableRequest, payloadHash: String, normalizePath: Bool) {
        let uri = Self.canonicalURI(request.path, normalize: normalizePath)
        let query = Self.canonicalQuery(request.query)
        let (headerBlock, signedHeaders) = Self.canonicalHeaders(request.headers)
        self.signedHeaders = signedHeaders
        self.text = [request.method, uri, query, headerBlock, signedHeaders, payloadHash]
            .joined(separator: "\n")
    }

    /// Encodes the path segment by segment; with `normalize`, first removes `.` and `..`
    /// segments and empty segments (RFC 3986 5.2.4), keeping a trailing slash.
    static func canonicalURI(_ path: String, normalize: Bool) -> String {
        var path = path.isEmpty ? "/" : path
        if normalize {
            var segments: [Substring] = []
            for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
                switch segment {
                case ".": continue
                case "..": _ = segments.popLast()
                default: segments.append(segment)
                }
            }
            let trailingSlash = path.hasSuffix("/") && !segments.isEmpty
            path = "/" + segments.joined(separator: "/") + (trailingSlash ? "/" : "")
        }
        return PercentEncoding.encode(path, keepingSlashes: true)
    }

    /// Encodes each name and value, then sorts by name and value.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query.map { (PercentEncoding.encode($0.name), PercentEncoding.encode($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Lower-cases names, trims values and collapses inner whitespace (folded lines
    /// included), joins repeated headers with `,` in their original order, sorts by name.
    static func canonicalHeaders(_ headers: [SignableRequest.Header]) -> (block: String, signed: String) {
        var valuesByName: [String: [String]] = [:]
        for header in headers {
            valuesByName[header.name.lowercased(), default: []].append(collapseWhitespace(header.value))
        }
        let names = valuesByName.keys.sorted()
        let block = names.map { "\($0):\(valuesByName[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    static func collapseWhitespace(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func hexSHA256<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hex(SHA256.hash(data: Array(bytes)))
    }

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
