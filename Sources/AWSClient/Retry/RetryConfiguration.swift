import Foundation

/// The numbers behind the retry rules, defaulting to the SDKs' standard mode (botocore
/// `retries/standard.py` and `quota.py`; smithy-swift uses the same constants).
public struct RetryConfiguration: Sendable, Equatable {
    /// Attempts allowed for throttled and transient failures, the first one included.
    public var maxAttempts: Int
    /// Upper bound of the standard backoff before jitter.
    public var maxBackoff: Duration
    /// Size of the retry quota of each account and region.
    public var retryQuota: Int
    /// Quota a retry costs.
    public var retryCost: Int
    /// Quota a retry after a timeout or a dropped connection costs: these hint at an outage,
    /// where retries add load.
    public var timeoutRetryCost: Int
    /// Quota a success without retries gives back.
    public var noRetryIncrement: Int
    /// How long an IAM instance profile may take to become visible to EC2 (terraform-provider-aws
    /// waits two minutes), measured from the first attempt.
    public var propagationWindow: Duration
    /// Upper bound of the backoff while waiting on IAM.
    public var propagationMaxBackoff: Duration

    public init(
        maxAttempts: Int = 3,
        maxBackoff: Duration = .seconds(20),
        retryQuota: Int = 500,
        retryCost: Int = 5,
        timeoutRetryCost: Int = 10,
        noRetryIncrement: Int = 1,
        propagationWindow: Duration = .seconds(120),
        propagationMaxBackoff: Duration = .seconds(5)
    ) {
        self.maxAttempts = maxAttempts
        self.maxBackoff = maxBackoff
        self.retryQuota = retryQuota
        self.retryCost = retryCost
        self.timeoutRetryCost = timeoutRetryCost
        self.noRetryIncrement = noRetryIncrement
        self.propagationWindow = propagationWindow
        self.propagationMaxBackoff = propagationMaxBackoff
    }

    /// The SDKs' standard retry mode.
    public static let standard = RetryConfiguration()

    /// One attempt and no retries, for callers that handle failure themselves.
    public static let singleAttempt = RetryConfiguration(maxAttempts: 1, propagationWindow: .zero)
}
