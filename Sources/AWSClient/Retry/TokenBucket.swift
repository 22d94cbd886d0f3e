import Foundation

/// A request token bucket, driven by the time passed in (STYLE 8).
///
/// Callers reserve a token: when none is left the bucket goes into debt and tells the caller
/// how long to wait for its turn, so waiting callers are served in order and none of them
/// polls. A wait already granted is not revised when the rate later drops, which is why callers
/// should bound how many calls they have waiting at once.
public struct TokenBucket: Sendable, Equatable {
    public private(set) var capacity: Double
    public private(set) var fillRate: Double
    /// Tokens available; negative while callers wait for tokens not yet refilled.
    public private(set) var tokens: Double
    public private(set) var lastRefill: Date

    /// A full bucket.
    public init(capacity: Double, fillRate: Double, now: Date) {
        self.capacity = capacity
        self.fillRate = fillRate
        self.tokens = capacity
        self.lastRefill = now
    }

    /// Adds the tokens refilled since the last look, up to capacity.
    public mutating func refill(at now: Date) {
        let elapsed = max(0, now.timeIntervalSince(lastRefill))
        tokens = min(capacity, tokens + elapsed * fillRate)
        lastRefill = max(lastRefill, now)
    }

    /// Takes one token, or reserves the next one; returns how long the caller must wait.
    public mutating func reserve(at now: Date) -> Duration {
        refill(at: now)
        tokens -= 1
        return tokens >= 0 ? .zero : .seconds(-tokens / fillRate)
    }

    /// Gives back a reserved token whose caller gave up waiting.
    public mutating func cancelReservation() {
        tokens = min(capacity, tokens + 1)
    }

    /// Changes rate and capacity, first counting the tokens earned at the old rate (otherwise
    /// the time since the last refill would be paid at the new rate, as botocore notes).
    public mutating func setFillRate(_ rate: Double, capacity newCapacity: Double, at now: Date) {
        refill(at: now)
        fillRate = rate
        capacity = newCapacity
        tokens = min(tokens, newCapacity)
    }
}
