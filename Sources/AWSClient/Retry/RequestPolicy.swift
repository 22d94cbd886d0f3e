import Foundation
import Logging

/// The EC2 request token bucket a call draws from (AWS-NOTES: throttling), per account and region.
public enum APIBucket: String, Sendable, Hashable, CaseIterable {
    /// Paginated or filtered `Describe*`.
    case nonMutating
    /// Unfiltered, unpaginated `DescribeInstances`.
    case unfilteredDescribe
    /// Mutating calls by default, including ReplaceIamInstanceProfileAssociation.
    case mutating
    case associate
    case disassociate
    /// IAM and STS calls, which EC2's buckets do not cover.
    case global
    /// Auto Scaling calls: another service, whose throttling is not EC2's, so they never draw
    /// on EC2's buckets.
    case autoScaling
}

/// Which token bucket a request belongs to.
public struct RateLimitKey: Sendable, Hashable, CustomStringConvertible {
    public var account: String
    public var region: String
    public var bucket: APIBucket

    public init(account: String, region: String, bucket: APIBucket) {
        self.account = account
        self.region = region
        self.bucket = bucket
    }

    public var description: String { "\(account)/\(region)/\(bucket.rawValue)" }
}

/// Runs one AWS call under the client's retry and rate-limiting rules: waits for a token of
/// its bucket, classifies failures, backs off and retries within the retry quota.
public actor RequestPolicy {
    public nonisolated let rules: RetryRules
    /// The limiter pacing every call; shared with whoever wants to read its rates.
    public nonisolated let rateLimiter: AdaptiveRateLimiter
    private let sleeper: any Sleeper
    private let clock: any WallClock
    private let random: @Sendable () -> Double
    private let logger: Logger
    private var quotas: [RetryQuotaScope: RetryQuota] = [:]
    /// Counters of attempts and outcomes, for metrics and tests.
    public private(set) var metrics = RetryMetrics()

    public init(
        configuration: RetryConfiguration = .standard,
        rateLimits: RateLimitConfiguration = .standard,
        sleeper: any Sleeper = ContinuousSleeper(),
        clock: any WallClock = SystemWallClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        logger: Logger = Logger(label: "rolesync.aws.retry")
    ) {
        self.rules = RetryRules(configuration: configuration)
        self.rateLimiter = AdaptiveRateLimiter(configuration: rateLimits, sleeper: sleeper, clock: clock)
        self.sleeper = sleeper
        self.clock = clock
        self.random = random
        self.logger = logger
    }

    /// Performs `attempt` until it succeeds or the rules say stop. `action` is the API action
    /// name, used to recognise calls with special retry rules (Associate/Replace).
    ///
    /// Terminal errors are rethrown as they came; retryable ones that run out of attempts,
    /// quota or time are wrapped in `RetriesExhausted`.
    public func perform<T: Sendable>(
        action: String, key: RateLimitKey, _ attempt: @Sendable () async throws -> T
    ) async throws -> T {
        var history = AttemptHistory(firstAttemptAt: clock.now())
        var costOfCurrentRetry: Int?
        while true {
            try Task.checkCancellation()
            try await rateLimiter.acquire(key)
            metrics.attempts += 1
            let error: any Error
            do {
                let value = try await attempt()
                await rateLimiter.recordResponse(key, throttled: false)
                recordSuccess(key, retryCost: costOfCurrentRetry)
                return value
            } catch let caught {
                error = caught
            }
            let retryClass = RetryClassifier.classify(error, action: action)
            history.recordFailure(retryClass)
            metrics.recordFailure(retryClass)
            if !(error is CancellationError) {
                await rateLimiter.recordResponse(key, throttled: retryClass == .throttling)
            }
            let decision = rules.decision(
                after: retryClass, isTimeoutOrConnection: RetryClassifier.isTimeoutOrConnectionFailure(error),
                history: history, now: clock.now(), random: random(),
                quotaAvailable: quotas[RetryQuotaScope(key), default: newQuota()].available)
            switch decision {
            case .rethrow:
                throw error
            case .giveUp(let reason):
                metrics.givenUp += 1
                logger.notice("giving up on \(action) for \(key) after \(history.attempts) attempts: \(reason.rawValue)")
                throw RetriesExhausted(
                    action: action, attempts: history.attempts, reason: reason,
                    lastRetryClass: retryClass, lastError: error)
            case .retry(let delay, let cost):
                _ = quotas[RetryQuotaScope(key), default: newQuota()].acquire(cost)
                // A free retry (IAM propagation) must not hide an earlier paid one, whose
                // tokens are refunded on success.
                if cost > 0 { costOfCurrentRetry = cost }
                metrics.retries += 1
                logger.debug("retrying \(action) for \(key) in \(delay) after \(retryClass): \(error)")
                try await sleeper.sleep(for: delay)
            }
        }
    }

    /// What is left of the retry quota of `account` in `region`.
    public func retryQuotaAvailable(account: String, region: String) -> Int {
        let key = RateLimitKey(account: account, region: region, bucket: .global)
        return quotas[RetryQuotaScope(key)]?.available ?? rules.configuration.retryQuota
    }

    /// Refunds the quota a successful retry cost, or a little for a first-time success
    /// (botocore `RetryQuotaChecker.release_retry_quota`).
    private func recordSuccess(_ key: RateLimitKey, retryCost: Int?) {
        metrics.successes += 1
        quotas[RetryQuotaScope(key), default: newQuota()]
            .release(retryCost ?? rules.configuration.noRetryIncrement)
    }

    private func newQuota() -> RetryQuota {
        RetryQuota(capacity: rules.configuration.retryQuota)
    }
}
