import AWSClient
import Foundation

/// One case of the official SigV4 suite: its context and the request before signing.
struct SigV4Vector {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var region: String
        var service: String
        var timestamp: String
        var normalize: Bool?
        var sign_body: Bool?
        var omit_session_token: Bool?
    }

    var context: Context
    var request: SignableRequest

    init(name: String) throws {
        let contextText = try SharedVectors.read("aws-sigv4", "\(name)/context.json")
        context = try JSONDecoder().decode(Context.self, from: Data(contextText.utf8))
        request = try Self.parseRequest(SharedVectors.read("aws-sigv4", "\(name)/request.txt"))
    }

    var signer: SigV4Signer {
        SigV4Signer(
            credentials: AWSCredentials(
                accessKeyId: context.credentials.access_key_id,
                secretAccessKey: context.credentials.secret_access_key, sessionToken: context.credentials.token),
            region: context.region, service: context.service, normalizePath: context.normalize ?? true,
            signBody: context.sign_body ?? false, omitSessionToken: context.omit_session_token ?? false)
    }

    var date: Date {
        get throws {
            guard let date = AWSDateFormat.parseISO8601(context.timestamp) else {
                throw ParseError(reason: "bad timestamp \(context.timestamp)")
            }
            return date
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// Parses `METHOD path[?query] HTTP/1.1`, header lines (a line starting with whitespace
    /// continues the previous value), a blank line and the body.
    static func parseRequest(_ text: String) throws -> SignableRequest {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { throw ParseError(reason: "empty request") }
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count >= 3 else { throw ParseError(reason: "bad request line") }
        let method = String(requestLine[0])
        let target = requestLine[1..<(requestLine.count - 1)].joined(separator: " ")
        var headers: [SignableRequest.Header] = []
        var bodyLines: [String]?
        for line in lines {
            if bodyLines != nil {
                bodyLines!.append(line)
            } else if line.isEmpty {
                bodyLines = []
            } else if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...])))
            } else {
                throw ParseError(reason: "bad header line \(line)")
            }
        }
        let (path, query) = splitTarget(target)
        let body = bodyLines?.joined(separator: "\n") ?? ""
        return SignableRequest(method: method, path: path, query: query, headers: headers, body: Array(body.utf8))
    }

    static func splitTarget(_ target: String) -> (String, [(name: String, value: String)]) {
        guard let mark = target.firstIndex(of: "?") else { return (target, []) }
        let query = target[target.index(after: mark)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: PercentEncoding.decode(String(parts[0])),
                    value: parts.count > 1 ? PercentEncoding.decode(String(parts[1])) : "")
        }
        return (String(target[..<mark]), query)
    }
}
