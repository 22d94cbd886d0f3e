import Foundation

/// One request token bucket: how many calls may burst, and how fast the bucket refills.
public struct BucketLimit: Sendable, Equatable {
    public var capacity: Double
    public var refillPerSecond: Double

    public init(capacity: Double, refillPerSecond: Double) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }
}

/// The client-side rate limiter's settings: EC2's documented buckets and the adaptive rules of
/// botocore `retries/adaptive.py` and `cubic.py`.
public struct RateLimitConfiguration: Sendable, Equatable {
    public var limits: [APIBucket: BucketLimit]
    /// The floor of the adaptive rate, in requests per second.
    public var minimumRate: Double
    /// CUBIC's scale constant (how fast the rate grows back).
    public var cubicScale: Double
    /// CUBIC's multiplicative decrease on a throttle.
    public var cubicBeta: Double
    /// Weight of the newest sample in the measured send rate.
    public var measuredRateSmoothing: Double
    /// Width of the time slots the send rate is measured over.
    public var measuredRateSlot: Double

    public init(
        limits: [APIBucket: BucketLimit] = RateLimitConfiguration.ec2DocumentedLimits,
        minimumRate: Double = 0.5,
        cubicScale: Double = 0.4,
        cubicBeta: Double = 0.7,
        measuredRateSmoothing: Double = 0.8,
        measuredRateSlot: Double = 0.5
    ) {
        self.limits = limits
        self.minimumRate = minimumRate
        self.cubicScale = cubicScale
        self.cubicBeta = cubicBeta
        self.measuredRateSmoothing = measuredRateSmoothing
        self.measuredRateSlot = measuredRateSlot
    }

    /// EC2's request token buckets per account and region (AWS-NOTES: throttling). IAM, STS and
    /// Auto Scaling publish no bucket sizes; 20 with 10 per second stays well below what they accept.
    public static let ec2DocumentedLimits: [APIBucket: BucketLimit] = [
        .nonMutating: BucketLimit(capacity: 100, refillPerSecond: 20),
        .unfilteredDescribe: BucketLimit(capacity: 50, refillPerSecond: 10),
        .mutating: BucketLimit(capacity: 50, refillPerSecond: 5),
        .associate: BucketLimit(capacity: 100, refillPerSecond: 5),
        .disassociate: BucketLimit(capacity: 100, refillPerSecond: 5),
        .global: BucketLimit(capacity: 20, refillPerSecond: 10),
        .autoScaling: BucketLimit(capacity: 20, refillPerSecond: 10),
    ]

    public static let standard = RateLimitConfiguration()

    /// The limit of `bucket`, falling back to the mutating bucket (the strictest EC2 default).
    public func limit(for bucket: APIBucket) -> BucketLimit {
        limits[bucket] ?? Self.ec2DocumentedLimits[bucket] ?? BucketLimit(capacity: 50, refillPerSecond: 5)
    }
}
