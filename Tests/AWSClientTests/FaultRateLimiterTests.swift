import AWSClient
import Foundation
import Testing
import TestSupport

/// Throttles seen on the wire slow the adaptive rate limiter down for the key that was
/// throttled, and only that key; successes later bring it back to EC2's documented rate.
@Suite("Adaptive rate limiting under injected throttles")
struct FaultRateLimiterTests {
    /// EC2's refill rate for paginated and filtered reads (AWS-NOTES: throttling).
    static let documentedRate = 20.0

    @Test("a throttle lowers the key's rate below the documented refill; successes restore it")
    func throttleLowersThenRecovers() async throws {
        let fixture = try await FaultFixture.start(region: "eu-central-1", faults: [.throttle])
        defer { Task { await fixture.shutdown() } }
        let limiter = fixture.policy.rateLimiter
        let key = fixture.nonMutatingKey
        #expect(await limiter.currentRate(for: key) == Self.documentedRate)

        _ = try await fixture.ec2.describeRegions()

        let slowed = await limiter.currentRate(for: key)
        #expect(slowed < Self.documentedRate)
        #expect(slowed >= RateLimitConfiguration.standard.minimumRate)
        let afterThrottle = try #require(await limiter.snapshot()[key])
        #expect(afterThrottle.throttles == 1)
        #expect(afterThrottle.slowedDown)

        // CUBIC grows the rate back with time since the throttle; ten seconds is past its
        // recovery point (cbrt(20 × 0.3 / 0.4) ≈ 2.5 s), so the next success restores the limit.
        fixture.time.advance(by: .seconds(10))
        _ = try await fixture.ec2.describeRegions()

        #expect(await limiter.currentRate(for: key) == Self.documentedRate)
        let recovered = try #require(await limiter.snapshot()[key])
        #expect(!recovered.slowedDown)
        #expect(fixture.proxy.seen.map(\.fault) == [.throttle, .pass, .pass])
    }

    @Test("each further throttle lowers the rate again, never below the minimum")
    func repeatedThrottlesLowerFurther() async throws {
        let fixture = try await FaultFixture.start(region: "eu-central-1")
        defer { Task { await fixture.shutdown() } }
        let limiter = fixture.policy.rateLimiter
        let key = fixture.nonMutatingKey

        var rates: [Double] = []
        for _ in 0..<4 {
            fixture.proxy.schedule.set([.throttle, .throttle, .throttle])
            _ = try? await fixture.ec2.describeRegions()
            rates.append(await limiter.currentRate(for: key))
        }

        #expect(fixture.proxy.seen.count == 12)
        #expect(rates.first! < Self.documentedRate)
        #expect(zip(rates, rates.dropFirst()).allSatisfy { earlier, later in later <= earlier })
        #expect(rates.last! < rates.first!)
        #expect(rates.allSatisfy { $0 >= RateLimitConfiguration.standard.minimumRate })
        #expect(await limiter.snapshot()[key]?.throttles == 12)
    }

    @Test("throttles on EC2 reads leave other buckets and regions at their documented rates")
    func throttlesStayWithTheirKey() async throws {
        let fixture = try await FaultFixture.start(region: "eu-central-1", faults: [.throttle, .throttle])
        defer { Task { await fixture.shutdown() } }
        let limiter = fixture.policy.rateLimiter

        _ = try await fixture.ec2.describeRegions()
        _ = try await fixture.iam.listInstanceProfiles()

        #expect(await limiter.currentRate(for: fixture.nonMutatingKey) < Self.documentedRate)
        let iamKey = RateLimitKey(account: MotoFixture.account, region: "us-east-1", bucket: .global)
        #expect(await limiter.currentRate(for: iamKey) == RateLimitConfiguration.standard.limit(for: .global).refillPerSecond)
        #expect(await limiter.snapshot()[iamKey]?.throttles == 0)
        let otherRegion = RateLimitKey(account: MotoFixture.account, region: "eu-west-1", bucket: .nonMutating)
        #expect(await limiter.currentRate(for: otherRegion) == Self.documentedRate)
    }
}
