import Foundation

/// A call that failed with a retryable error and was given up on: says why, after how many
/// attempts, and carries the last error (whose AWS code and message it prints).
///
/// Terminal errors are never wrapped in this: they are rethrown as they came.
public struct RetriesExhausted: Error, Sendable, CustomStringConvertible {
    /// Why retrying stopped.
    public enum Reason: String, Sendable, Equatable {
        /// `maxAttempts` throttled or transient failures.
        case attemptLimitReached = "attempt limit reached"
        /// The account and region's retry quota is used up (an outage, most likely).
        case retryQuotaExhausted = "retry quota exhausted"
        /// IAM did not make the instance profile visible within the propagation window.
        case propagationWindowElapsed = "IAM propagation window elapsed"
    }

    public var action: String
    public var attempts: Int
    public var reason: Reason
    /// How the last failure was classified.
    public var lastRetryClass: RetryClass
    public var lastError: any Error

    public init(action: String, attempts: Int, reason: Reason, lastRetryClass: RetryClass, lastError: any Error) {
        self.action = action
        self.attempts = attempts
        self.reason = reason
        self.lastRetryClass = lastRetryClass
        self.lastError = lastError
    }

    /// The AWS error code of the last failure, when it was an AWS answer.
    public var lastErrorCode: String? { (lastError as? AWSServiceError)?.code }

    public var description: String {
        let noun = attempts == 1 ? "attempt" : "attempts"
        return "\(action) gave up after \(attempts) \(noun) (\(reason.rawValue)): \(lastError)"
    }
}
