/// The retry budget of one account and region (botocore `retries/quota.py`): retries draw
/// from it, successes refill it, and when it is empty failures are no longer retried, so an
/// outage does not turn every call into three.
public struct RetryQuota: Sendable, Equatable {
    public let capacity: Int
    public private(set) var available: Int

    public init(capacity: Int) {
        self.capacity = capacity
        self.available = capacity
    }

    /// Takes `cost` for a retry; false (and nothing taken) when not enough is left.
    public mutating func acquire(_ cost: Int) -> Bool {
        guard cost <= available else { return false }
        available -= cost
        return true
    }

    /// Gives back `amount` after a success, never above capacity.
    public mutating func release(_ amount: Int) {
        available = min(capacity, available + amount)
    }
}

/// Which retry quota a call draws from: botocore keeps one per client, that is per service
/// endpoint, so one account's or region's outage does not use up the others' retries.
struct RetryQuotaScope: Hashable, Sendable {
    var account: String
    var region: String

    init(_ key: RateLimitKey) {
        account = key.account
        region = key.region
    }
}
