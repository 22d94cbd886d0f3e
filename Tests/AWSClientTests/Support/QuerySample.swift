import Foundation

/// One recorded EC2 Query exchange from `ec2-query-samples`: the form body sent, and the
/// status and XML body answered.
struct QuerySample {
    var requestBody: String
    var status: Int
    var responseBody: String

    init(file: String) throws {
        let text = try SharedVectors.read("ec2-query-samples", file)
        let halves = text.components(separatedBy: "\n--- RESPONSE ")
        guard halves.count == 2 else { throw SigV4Vector.ParseError(reason: "\(file): no response marker") }
        requestBody = Self.body(of: halves[0])
        let statusLine = halves[1].prefix { $0 != "\n" }
        guard let status = Int(statusLine.trimmingCharacters(in: .whitespaces)) else {
            throw SigV4Vector.ParseError(reason: "\(file): bad status \(statusLine)")
        }
        self.status = status
        responseBody = Self.body(of: halves[1])
    }

    /// Everything after the first blank line, without trailing newlines.
    static func body(of message: String) -> String {
        guard let range = message.range(of: "\n\n") else { return "" }
        var body = String(message[range.upperBound...])
        while body.hasSuffix("\n") { body.removeLast() }
        return body
    }
}
