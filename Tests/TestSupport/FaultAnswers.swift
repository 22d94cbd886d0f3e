import Foundation

/// The answers the proxy makes up, in the two error shapes of the Query APIs (AWS-NOTES):
/// EC2's `<Response><Errors><Error>` and IAM/STS's `<ErrorResponse><Error>`.
public enum FaultAnswers {
    /// A status and a body for a fault that is answered without the emulator; nil for the
    /// faults that forward, drop or hang.
    public static func cannedAnswer(for fault: Fault, requestBody: String) -> (status: Int, body: String)? {
        let isEC2 = requestBody.contains("Version=2016-11-15")
        switch fault {
        case .pass, .dropConnection, .hang, .malformedXML, .reply:
            return nil
        case .throttle:
            let code = isEC2 ? "RequestLimitExceeded" : "Throttling"
            return (503, errorDocument(code: code, message: "Request limit exceeded.", ec2: isEC2))
        case .serverError(let status):
            return (status, errorDocument(code: "InternalError", message: "An internal error has occurred.", ec2: isEC2))
        case .serviceUnavailable:
            return (503, errorDocument(code: "Unavailable", message: "The service is unavailable.", ec2: isEC2))
        case .truncatedRequest:
            let document = errorDocument(code: "InternalError", message: "An internal error has occurred.", ec2: isEC2)
            return (200, String(decoding: truncated(Array(document.utf8)), as: UTF8.self))
        case .awsError(let status, let code):
            return (status, errorDocument(code: code, message: "Injected \(code).", ec2: isEC2))
        }
    }

    /// What replaces a real answer under `fault`; nil when the connection is to be dropped
    /// (after holding it, for a hang).
    static func spoiled(
        _ answer: (status: Int, contentType: String, body: [UInt8]), by fault: ReplyFault, requestBody: String
    ) -> (status: Int, contentType: String, body: [UInt8])? {
        switch fault {
        case .drop, .hang:
            return nil
        case .truncated:
            return (200, answer.contentType, truncated(answer.body))
        case .malformed:
            return (200, answer.contentType, Array("<html><body>502 Bad Gateway</body>".utf8))
        case .serverError:
            let isEC2 = requestBody.contains("Version=2016-11-15")
            let document = errorDocument(code: "InternalError", message: "An internal error has occurred.", ec2: isEC2)
            return (500, "text/xml", Array(document.utf8))
        }
    }

    public static func errorDocument(code: String, message: String, ec2: Bool) -> String {
        let requestId = "fault-\(UUID().uuidString.prefix(8))"
        if ec2 {
            return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response><Errors><Error><Code>\(code)</Code><Message>\(message)</Message></Error></Errors>\
                <RequestID>\(requestId)</RequestID></Response>
                """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>\
            <RequestId>\(requestId)</RequestId></ErrorResponse>
            """
    }

    /// The first half of a real answer: an XML document cut inside its elements.
    public static func truncated(_ body: [UInt8]) -> [UInt8] {
        Array(body.prefix(max(1, body.count / 2)))
    }

    /// The `Action` parameter of a form-encoded Query request body.
    public static func action(inFormBody body: String) -> String {
        for pair in body.split(separator: "&") where pair.hasPrefix("Action=") {
            return String(pair.dropFirst("Action=".count))
        }
        return ""
    }
}
