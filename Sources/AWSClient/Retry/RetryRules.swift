import Foundation

/// What one call has been through so far; the input to the retry decision.
public struct AttemptHistory: Sendable, Equatable {
    /// When the first attempt started: the IAM propagation window counts from here.
    public var firstAttemptAt: Date
    /// Attempts made, the failed one included.
    public var attempts: Int = 0
    /// Attempts that failed throttled or transient (these count against `maxAttempts`).
    public var standardFailures: Int = 0
    /// Attempts that failed waiting on IAM propagation (these count against the window only).
    public var propagationFailures: Int = 0

    public init(firstAttemptAt: Date) {
        self.firstAttemptAt = firstAttemptAt
    }

    /// Counts one failed attempt of class `retryClass`.
    public mutating func recordFailure(_ retryClass: RetryClass) {
        attempts += 1
        switch retryClass {
        case .throttling, .transient: standardFailures += 1
        case .iamPropagation: propagationFailures += 1
        case .terminal: break
        }
    }
}

/// What to do after a failed attempt.
public enum RetryDecision: Sendable, Equatable {
    /// Wait `delay`, then try again, paying `quotaCost` from the retry quota.
    case retry(after: Duration, quotaCost: Int)
    /// Stop: rethrow the error as it came (terminal errors).
    case rethrow
    /// Stop and report `RetriesExhausted` with this reason.
    case giveUp(RetriesExhausted.Reason)
}

/// The retry rules as a pure function (STYLE 7): no sleeping, no clock reading, no randomness
/// of its own; `RequestPolicy` supplies the time, the jitter and the quota.
public struct RetryRules: Sendable, Equatable {
    public var configuration: RetryConfiguration

    public init(configuration: RetryConfiguration = .standard) {
        self.configuration = configuration
    }

    /// Decides what follows a failure, given the history that already counts it.
    /// - Parameters:
    ///   - retryClass: how the failure was classified.
    ///   - isTimeoutOrConnection: whether it was a timeout or dropped connection (costs more quota).
    ///   - now: the time of the failure.
    ///   - random: a number in [0, 1) for jitter.
    ///   - quotaAvailable: what is left in the call's retry quota.
    public func decision(
        after retryClass: RetryClass, isTimeoutOrConnection: Bool, history: AttemptHistory,
        now: Date, random: Double, quotaAvailable: Int
    ) -> RetryDecision {
        switch retryClass {
        case .terminal:
            return .rethrow
        case .throttling, .transient:
            guard history.standardFailures < configuration.maxAttempts else {
                return .giveUp(.attemptLimitReached)
            }
            let cost = isTimeoutOrConnection ? configuration.timeoutRetryCost : configuration.retryCost
            guard cost <= quotaAvailable else { return .giveUp(.retryQuotaExhausted) }
            let delay = backoff(retry: history.standardFailures, cap: configuration.maxBackoff, random: random)
            return .retry(after: delay, quotaCost: cost)
        case .iamPropagation:
            // Not charged to the quota: waiting for IAM is not an outage, and a fleet of
            // associations to one new profile would otherwise drain it for everyone.
            let elapsed = Duration.seconds(now.timeIntervalSince(history.firstAttemptAt))
            let remaining = configuration.propagationWindow - elapsed
            guard remaining > .zero else { return .giveUp(.propagationWindowElapsed) }
            let delay = backoff(
                retry: history.propagationFailures, cap: configuration.propagationMaxBackoff, random: random)
            // At least a second between polls, and a last attempt right at the window's end.
            return .retry(after: min(max(delay, .seconds(1)), remaining), quotaCost: 0)
        }
    }

    /// Full-jitter exponential backoff: `random × min(2^(retry−1), cap)` seconds.
    public func backoff(retry: Int, cap: Duration, random: Double) -> Duration {
        let exponent = Double(max(retry - 1, 0))
        let ceiling = min(pow(2, exponent), cap / .seconds(1))
        return .seconds(random * ceiling)
    }
}
