import Foundation

/// Correcting for a local clock that is off: AWS refuses a signature whose `X-Amz-Date` is
/// more than about five minutes from its own time, which a VM without NTP reaches easily.
///
/// Like the AWS SDK for Swift (`AWSClockSkewProvider`: the skew is the answer's `Date` header
/// minus local time, changes under a minute are ignored), the transport re-signs a rejected
/// request once with the measured offset and keeps signing with it. The error codes are the
/// SDKs' clock-skew list (aws-sdk-js-v3 `CLOCK_SKEW_ERROR_CODES`); botocore lists none.
public enum ClockSkew {
    /// Codes that can only mean a time problem.
    public static let timeCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
    ]

    /// Codes that also mean a wrong key or signature: a time problem only when the message
    /// says so (STS: "Signature expired: 20261201T120000Z is now earlier than …").
    public static let ambiguousCodes: Set<String> = ["SignatureDoesNotMatch", "AuthFailure"]

    /// A measured skew this close to the offset already used is noise, not a correction.
    public static let changeThreshold: TimeInterval = 60

    /// Whether `error` says the request's time was refused.
    public static func isTimeRejection(_ error: AWSServiceError) -> Bool {
        if timeCodes.contains(error.code) { return true }
        guard ambiguousCodes.contains(error.code) else { return false }
        let message = error.message.lowercased()
        return ["expired", "skew", "in the future"].contains { message.contains($0) }
    }

    /// The offset to sign with from now on, or nil when the answer gives no reason to change:
    /// not a time rejection, no readable `Date` header, or a skew within `changeThreshold` of
    /// `signedOffset`, the offset the rejected request was signed with (so a wrong key with a
    /// good clock is never retried).
    public static func correctedOffset(
        after error: AWSServiceError, serverDate: Date?, receivedAt now: Date, signedOffset: TimeInterval
    ) -> TimeInterval? {
        guard isTimeRejection(error), let serverDate else { return nil }
        let skew = serverDate.timeIntervalSince(now).rounded()
        return abs(skew - signedOffset) >= changeThreshold ? skew : nil
    }

    /// Parses an HTTP `Date` header, IMF-fixdate (`Tue, 01 Dec 2026 12:26:48 GMT`), the only
    /// form HTTP/1.1 servers send; nil for anything else.
    public static func parseHTTPDate(_ text: String) -> Date? {
        let fields = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard fields.count == 6, fields[0].hasSuffix(","), fields[5] == "GMT",
              fields[1].count == 2, fields[3].count == 4, fields[4].count == 8,
              let month = months.firstIndex(of: String(fields[2]))
        else { return nil }
        let monthText = month + 1 < 10 ? "0\(month + 1)" : "\(month + 1)"
        return AWSDateFormat.parseISO8601("\(fields[3])-\(monthText)-\(fields[1])T\(fields[4])Z")
    }
}

/// The offset added to local time when signing, shared by every request of a transport.
/// A lock rather than an actor: it is read on every signature, synchronously.
final class ClockOffset: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: TimeInterval = 0

    var value: TimeInterval { lock.withLock { seconds } }

    /// Stores `offset` unless a concurrent correction already did; true if this call changed it.
    func update(to offset: TimeInterval) -> Bool {
        lock.withLock {
            guard abs(offset - seconds) >= ClockSkew.changeThreshold else { return false }
            seconds = offset
            return true
        }
    }
}
