import Foundation

/// Paces calls per account, region and EC2 bucket so rolesync stays inside EC2's request token
/// buckets, and slows down further when AWS throttles anyway (other clients share the buckets).
public actor AdaptiveRateLimiter {
    public let configuration: RateLimitConfiguration
    private let sleeper: any Sleeper
    private let clock: any WallClock
    private var buckets: [RateLimitKey: AdaptiveBucket] = [:]

    public init(
        configuration: RateLimitConfiguration = .standard,
        sleeper: any Sleeper = ContinuousSleeper(),
        clock: any WallClock = SystemWallClock()
    ) {
        self.configuration = configuration
        self.sleeper = sleeper
        self.clock = clock
    }

    /// Waits until `key`'s bucket has a token for one call, and takes it.
    public func acquire(_ key: RateLimitKey) async throws {
        let wait = withBucket(key) { $0.reserve(at: clock.now()) }
        guard wait > .zero else { return }
        do {
            try await sleeper.sleep(for: wait)
        } catch {
            withBucket(key) { $0.cancelReservation() }
            throw error
        }
    }

    /// Feeds a call's outcome back: `throttled` lowers the key's rate, anything else lets it recover.
    public func recordResponse(_ key: RateLimitKey, throttled: Bool) {
        let now = clock.now()
        withBucket(key) { $0.recordResponse(throttled: throttled, at: now, configuration: configuration) }
    }

    /// The rate `key`'s tokens refill at now, in calls per second.
    public func currentRate(for key: RateLimitKey) -> Double {
        buckets[key]?.currentRate ?? configuration.limit(for: key.bucket).refillPerSecond
    }

    /// Every key used so far with its rate, tokens and throttle count, for metrics.
    public func snapshot() -> [RateLimitKey: RateLimitSnapshot] {
        buckets.mapValues { state in
            RateLimitSnapshot(
                rate: state.currentRate, capacity: state.bucket.capacity, tokens: state.bucket.tokens,
                throttles: state.throttles, slowedDown: state.cubic != nil)
        }
    }

    private func withBucket<R>(_ key: RateLimitKey, _ body: (inout AdaptiveBucket) -> R) -> R {
        var state = buckets[key] ?? AdaptiveBucket(
            limit: configuration.limit(for: key.bucket), now: clock.now(), configuration: configuration)
        let result = body(&state)
        buckets[key] = state
        return result
    }
}

/// One key's limiter state at a moment.
public struct RateLimitSnapshot: Sendable, Equatable {
    public var rate: Double
    public var capacity: Double
    public var tokens: Double
    public var throttles: Int
    /// Whether the rate is below the documented limit after a throttle.
    public var slowedDown: Bool
}
