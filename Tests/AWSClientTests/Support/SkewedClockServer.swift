import AWSClient
import Foundation
import Logging
import NIOHTTP1
import TestSupport

/// A loopback STS whose clock runs `skew` ahead of ours and which, like AWS, refuses a
/// signature whose `X-Amz-Date` is more than five minutes from its own time: 403 with
/// `code` and a `Date` header (unless `sendsDate` is false), else a GetCallerIdentity answer.
enum SkewedClockServer {
    static func start(
        skew: TimeInterval, code: String = "SignatureDoesNotMatch", sendsDate: Bool = true
    ) async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer.start { request in
            let serverNow = Date().addingTimeInterval(skew)
            let signedAt = request.headers.first(name: "X-Amz-Date").flatMap(parseAmzDate)
            let dateHeader = sendsDate ? [("Date", httpDate(serverNow))] : []
            guard let signedAt, abs(signedAt.timeIntervalSince(serverNow)) <= 300 else {
                let message = code == "SignatureDoesNotMatch"
                    ? "Signature expired: \(request.headers.first(name: "X-Amz-Date") ?? "-") is now earlier than \(AWSDateFormat.amzDate(serverNow.addingTimeInterval(-300))) (\(AWSDateFormat.amzDate(serverNow)) - 5 min.)"
                    : "The difference between the request time and the current time is too large."
                return LoopbackResponse(.forbidden, body: """
                    <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
                    <Code>\(code)</Code><Message>\(message)</Message></Error><RequestId>r1</RequestId></ErrorResponse>
                    """, headers: dateHeader)
            }
            return LoopbackResponse(.ok, body: """
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
                <Arn>arn:aws:iam::111122223333:user/alice</Arn><UserId>AIDA</UserId><Account>111122223333</Account>\
                </GetCallerIdentityResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></GetCallerIdentityResponse>
                """, headers: dateHeader)
        }
    }

    /// `20261201T122648Z` back to a date.
    static func parseAmzDate(_ text: String) -> Date? {
        let characters = Array(text)
        guard characters.count == 16 else { return nil }
        let iso = "\(String(characters[0..<4]))-\(String(characters[4..<6]))-\(String(characters[6..<8]))T"
            + "\(String(characters[9..<11])):\(String(characters[11..<13])):\(String(characters[13..<15]))Z"
        return AWSDateFormat.parseISO8601(iso)
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

/// Log records kept in memory, to check what a component says.
final class CapturedLog: @unchecked Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let lock = NSLock()
    private var stored: [Record] = []

    var records: [Record] { lock.withLock { stored } }

    func append(_ record: Record) { lock.withLock { stored.append(record) } }

    var logger: Logger {
        Logger(label: "test") { _ in CapturingLogHandler(log: self) }
    }
}

struct CapturingLogHandler: LogHandler {
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        log.append(CapturedLog.Record(
            level: event.level, message: "\(event.message)",
            metadata: (event.metadata ?? [:]).mapValues { "\($0)" }))
    }
}
