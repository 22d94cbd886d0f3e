import Foundation

/// One key's token bucket with its adaptive rate: EC2's documented limit until the first
/// throttle, then CUBIC's rate (never above the documented refill rate) until it has grown
/// back to that limit.
public struct AdaptiveBucket: Sendable, Equatable {
    public let limit: BucketLimit
    public private(set) var bucket: TokenBucket
    /// Present from a throttle until the rate is back at the documented limit.
    public private(set) var cubic: CubicRateAdjuster?
    public private(set) var meter: RequestRateMeter
    public private(set) var throttles: Int = 0

    public init(limit: BucketLimit, now: Date, configuration: RateLimitConfiguration) {
        self.limit = limit
        self.bucket = TokenBucket(capacity: limit.capacity, fillRate: limit.refillPerSecond, now: now)
        self.meter = RequestRateMeter(
            startTime: now, smoothing: configuration.measuredRateSmoothing,
            slotSeconds: configuration.measuredRateSlot)
    }

    /// The rate tokens refill at now, in requests per second.
    public var currentRate: Double { bucket.fillRate }

    /// Adjusts the rate after a response (botocore `ClientRateLimiter.on_receiving_response`):
    /// a throttle lowers it from the rate actually being sent; any other response lets it grow
    /// back, to at most twice the measured send rate.
    public mutating func recordResponse(throttled: Bool, at now: Date, configuration: RateLimitConfiguration) {
        let measured = meter.record(at: now)
        let newRate: Double
        if throttled {
            throttles += 1
            let rateToUse = measured > 0 ? min(measured, bucket.fillRate) : bucket.fillRate
            var adjuster = cubic ?? CubicRateAdjuster(
                startingMaxRate: rateToUse, startTime: now,
                scale: configuration.cubicScale, beta: configuration.cubicBeta)
            newRate = adjuster.rateAfterThrottle(currentRate: rateToUse, at: now)
            cubic = adjuster
        } else {
            // Before any throttle the documented limit stands, however slowly calls are sent.
            guard let adjuster = cubic else { return }
            let curveRate = adjuster.rateAfterSuccess(at: now)
            if curveRate >= limit.refillPerSecond {
                cubic = nil
                bucket.setFillRate(limit.refillPerSecond, capacity: limit.capacity, at: now)
                return
            }
            newRate = measured > 0 ? min(curveRate, 2 * measured) : curveRate
        }
        let rate = min(max(newRate, configuration.minimumRate), limit.refillPerSecond)
        // While slowed down, allow a burst of one second's worth only, as botocore does.
        bucket.setFillRate(rate, capacity: max(1, rate), at: now)
    }

    /// Reserves a token; returns how long to wait for it.
    public mutating func reserve(at now: Date) -> Duration {
        bucket.reserve(at: now)
    }

    public mutating func cancelReservation() {
        bucket.cancelReservation()
    }
}
