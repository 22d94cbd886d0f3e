import Foundation

/// Turns an HTTP status and body into the response document or the typed error it stands for.
/// Pure, so the error shapes are tested with plain strings.
public enum ResponseDecoding {
    /// Returns the root element of a successful answer, or throws:
    /// - `AWSServiceError` for EC2's `<Response><Errors><Error>` and IAM/STS's
    ///   `<ErrorResponse><Error>`, whatever the HTTP status (the emulator answers some
    ///   errors with 404, AWS with 400: callers match on the code);
    /// - `AWSServiceError` with the HTTP status as its code for an error status whose body
    ///   is not an AWS error document (an HTML 500 page from a proxy), as botocore does, so
    ///   5xx stays retryable by status;
    /// - `AWSTransportError.malformedResponse` for a success status with a body that is not XML.
    public static func decode(status: Int, body: Data, action: String) throws -> XMLElementNode {
        let root: XMLElementNode
        do {
            root = try XMLTreeParser.parse(body)
        } catch {
            guard (200..<300).contains(status) else {
                throw AWSServiceError(
                    code: String(status), message: snippet(body), requestId: nil, httpStatus: status, action: action)
            }
            // No snippet of a success body: for STS it would hold fresh credentials.
            throw AWSTransportError.malformedResponse("\(action): \(error) in a \(body.count)-byte answer")
        }
        if let serviceError = serviceError(in: root, status: status, action: action) {
            throw serviceError
        }
        guard (200..<300).contains(status) else {
            throw AWSServiceError(
                code: String(status), message: snippet(body), requestId: nil, httpStatus: status, action: action)
        }
        return root
    }

    /// EC2 nests `Errors/Error` under `Response`, IAM and STS put `Error` directly under
    /// `ErrorResponse`; the emulator mixes them (`ErrorResponse/Errors/Error` for auth
    /// failures), so both roots accept both placements.
    static func serviceError(in root: XMLElementNode, status: Int, action: String) -> AWSServiceError? {
        guard root.name == "Response" || root.name == "ErrorResponse",
              let error = root.child("Error") ?? root.descendant("Errors", "Error"),
              let code = error.string("Code")
        else { return nil }
        return AWSServiceError(
            code: code, message: redactedMessage(error.string("Message") ?? error.string("message") ?? ""),
            requestId: root.string("RequestID") ?? root.string("RequestId"), httpStatus: status, action: action)
    }

    /// An AWS error message fit to print: `SignatureDoesNotMatch` answers can quote the whole
    /// canonical request, signed session token included, so that part is cut off.
    static func redactedMessage(_ message: String) -> String {
        var text = message
        if let canonical = text.range(of: "The Canonical String") {
            text = String(text[..<canonical.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let token = text.range(of: "x-amz-security-token", options: .caseInsensitive) else { return text }
        return String(text[..<token.lowerBound]) + "x-amz-security-token: <redacted>"
    }

    /// The start of a body for an error message, never more than 300 characters.
    static func snippet(_ body: Data) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
