import Foundation

/// What the fault proxy does with one request.
enum Fault: Sendable, Hashable, CustomStringConvertible {
    /// Forward to the emulator and relay its answer unchanged.
    case pass
    /// HTTP 503 with a throttling error document (`RequestLimitExceeded` for EC2, `Throttling`
    /// for IAM and STS), without reaching the emulator.
    case throttle
    /// This 5xx status with an `InternalError` document.
    case serverError(Int)
    /// HTTP 503 with an `Unavailable` document.
    case serviceUnavailable
    /// Read the request, then close the connection without a word.
    case dropConnection
    /// Forward to the emulator, then relay HTTP 200 with only the first half of its answer, as
    /// when a connection is cut mid-body behind a proxy that already sent the status.
    case malformedXML
    /// An AWS error document with this status and code, without reaching the emulator.
    case awsError(status: Int, code: String)

    var description: String {
        switch self {
        case .pass: "pass"
        case .throttle: "throttle"
        case .serverError(let status): "serverError(\(status))"
        case .serviceUnavailable: "serviceUnavailable"
        case .dropConnection: "dropConnection"
        case .malformedXML: "malformedXML"
        case .awsError(let status, let code): "awsError(\(status), \(code))"
        }
    }
}

/// One request the proxy saw: the API action it named and what was done with it.
struct FaultProxyEntry: Sendable, Equatable {
    var action: String
    var fault: Fault
}

/// The faults for the next requests, consumed one per request in arrival order; once used
/// up every request passes. Shared by the proxy's connections, so behind a lock.
final class FaultSchedule: @unchecked Sendable {
    private let lock = NSLock()
    private var upcoming: [Fault]
    private var entries: [FaultProxyEntry] = []

    init(_ faults: [Fault] = []) {
        upcoming = faults
    }

    /// Replaces the faults still to come.
    func set(_ faults: [Fault]) {
        lock.withLock { upcoming = faults }
    }

    /// Takes the fault for a request naming `action`, and records it.
    func next(action: String) -> Fault {
        lock.withLock {
            let fault = upcoming.isEmpty ? .pass : upcoming.removeFirst()
            entries.append(FaultProxyEntry(action: action, fault: fault))
            return fault
        }
    }

    /// Every request seen so far, in order.
    var seen: [FaultProxyEntry] { lock.withLock { entries } }

    /// Faults scheduled but not yet used.
    var remaining: [Fault] { lock.withLock { upcoming } }
}

/// The answers the proxy makes up, in the two error shapes of the Query APIs (AWS-NOTES):
/// EC2's `<Response><Errors><Error>` and IAM/STS's `<ErrorResponse><Error>`.
enum FaultAnswers {
    /// A status and a body for a fault that is answered without the emulator; nil for the
    /// faults that forward or drop.
    static func cannedAnswer(for fault: Fault, requestBody: String) -> (status: Int, body: String)? {
        let isEC2 = requestBody.contains("Version=2016-11-15")
        switch fault {
        case .pass, .dropConnection, .malformedXML:
            return nil
        case .throttle:
            let code = isEC2 ? "RequestLimitExceeded" : "Throttling"
            return (503, errorDocument(code: code, message: "Request limit exceeded.", ec2: isEC2))
        case .serverError(let status):
            return (status, errorDocument(code: "InternalError", message: "An internal error has occurred.", ec2: isEC2))
        case .serviceUnavailable:
            return (503, errorDocument(code: "Unavailable", message: "The service is unavailable.", ec2: isEC2))
        case .awsError(let status, let code):
            return (status, errorDocument(code: code, message: "Injected \(code).", ec2: isEC2))
        }
    }

    static func errorDocument(code: String, message: String, ec2: Bool) -> String {
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
    static func truncated(_ body: [UInt8]) -> [UInt8] {
        Array(body.prefix(max(1, body.count / 2)))
    }

    /// The `Action` parameter of a form-encoded Query request body.
    static func action(inFormBody body: String) -> String {
        for pair in body.split(separator: "&") where pair.hasPrefix("Action=") {
            return String(pair.dropFirst("Action=".count))
        }
        return ""
    }
}
