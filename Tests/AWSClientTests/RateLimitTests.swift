import AWSClient
import Foundation
import Testing

@Suite("Rate limiting")
struct RateLimitTests {
    let time = ManualTime()

    func limiter() -> AdaptiveRateLimiter {
        AdaptiveRateLimiter(sleeper: time, clock: time)
    }

    @Test("buckets start at EC2's documented sizes and refill rates", arguments: [
        (APIBucket.nonMutating, 100.0, 20.0), (.unfilteredDescribe, 50, 10), (.mutating, 50, 5),
        (.associate, 100, 5), (.disassociate, 100, 5), (.global, 20, 10),
    ])
    func documentedBuckets(bucket: APIBucket, capacity: Double, refill: Double) async throws {
        let limiter = limiter()
        let key = RateLimitKey(account: "111122223333", region: "us-east-1", bucket: bucket)
        for _ in 0..<Int(capacity) { try await limiter.acquire(key) }
        #expect(time.recordedSleeps.isEmpty, "a full bucket lets \(capacity) calls through at once")
        try await limiter.acquire(key)
        #expect(time.recordedSleeps == [.seconds(1 / refill)])
        #expect(await limiter.currentRate(for: key) == refill)
    }

    @Test("once empty, each acquire waits one refill interval under the manual clock")
    func acquireWaits() async throws {
        let limiter = limiter()
        for _ in 0..<100 { try await limiter.acquire(.sampleAssociate) }
        for _ in 0..<3 { try await limiter.acquire(.sampleAssociate) }
        // Dates hold about seven decimal places at today's epoch offsets; compare with a tolerance.
        let sleeps = time.recordedSleeps.map { $0 / .seconds(1) }
        #expect(sleeps.count == 3)
        #expect(sleeps.allSatisfy { abs($0 - 0.2) < 1e-6 })
        #expect(abs(time.elapsed - 0.6) < 1e-6)
    }

    @Test("idle time refills the bucket up to its capacity only")
    func refillCaps() async throws {
        var bucket = TokenBucket(capacity: 50, fillRate: 5, now: ManualTime.start)
        for _ in 0..<50 { #expect(bucket.reserve(at: ManualTime.start) == .zero) }
        bucket.refill(at: ManualTime.start.addingTimeInterval(2))
        #expect(bucket.tokens == 10)
        bucket.refill(at: ManualTime.start.addingTimeInterval(3600))
        #expect(bucket.tokens == 50)
    }

    @Test("waiting callers queue in order: the n-th waits n intervals")
    func reservationsQueue() {
        var bucket = TokenBucket(capacity: 1, fillRate: 2, now: ManualTime.start)
        let waits = (0..<4).map { _ in bucket.reserve(at: ManualTime.start) }
        #expect(waits == [.zero, .seconds(0.5), .seconds(1), .seconds(1.5)])
    }

    @Test("a throttle cuts the rate by CUBIC's beta (0.7)")
    func throttleLowersRate() async {
        let limiter = limiter()
        await limiter.recordResponse(.sampleAssociate, throttled: true)
        #expect(await limiter.currentRate(for: .sampleAssociate) == 3.5)
        let snapshot = await limiter.snapshot()[.sampleAssociate]
        #expect(snapshot?.capacity == 3.5)
        #expect(snapshot?.throttles == 1)
        #expect(snapshot?.slowedDown == true)
    }

    @Test("repeated throttles never push the rate below 0.5/s")
    func minimumRate() async {
        let limiter = limiter()
        for _ in 0..<20 {
            await limiter.recordResponse(.sampleAssociate, throttled: true)
            time.advance(by: .milliseconds(100))
        }
        #expect(await limiter.currentRate(for: .sampleAssociate) == 0.5)
    }

    @Test("successes after a throttle grow the rate back to the documented limit")
    func successRecovers() async {
        let limiter = limiter()
        await limiter.recordResponse(.sampleAssociate, throttled: true)
        var rates: [Double] = []
        for _ in 0..<60 {
            time.advance(by: .milliseconds(200))
            await limiter.recordResponse(.sampleAssociate, throttled: false)
            rates.append(await limiter.currentRate(for: .sampleAssociate))
        }
        #expect(rates.first.map { $0 < 5 } == true)
        #expect(rates.last == 5)
        let snapshot = await limiter.snapshot()[.sampleAssociate]
        #expect(snapshot?.capacity == 100)
        #expect(snapshot?.slowedDown == false)
    }

    @Test("successes before any throttle keep the documented rate however slow the caller")
    func noThrottleNoChange() async {
        let limiter = limiter()
        for _ in 0..<5 {
            time.advance(by: .seconds(10))
            await limiter.recordResponse(.sample, throttled: false)
        }
        #expect(await limiter.currentRate(for: .sample) == 20)
    }

    @Test("CUBIC: rate after a throttle and along the recovery curve", arguments: [0.0, 0.5, 1.0, 1.5, 2.5, 4.0])
    func cubicCurve(secondsAfter: Double) {
        var cubic = CubicRateAdjuster(startingMaxRate: 0, startTime: ManualTime.start)
        #expect(cubic.rateAfterThrottle(currentRate: 10, at: ManualTime.start) == 7)
        let k = cbrt(10 * 0.3 / 0.4)
        #expect(abs(cubic.secondsToRecover - k) < 1e-12)
        let expected = 0.4 * pow(secondsAfter - k, 3) + 10
        let actual = cubic.rateAfterSuccess(at: ManualTime.start.addingTimeInterval(secondsAfter))
        #expect(abs(actual - expected) < 1e-9)
        #expect((actual < 10) == (secondsAfter < k))
    }

    @Test("the measured send rate follows botocore's smoothed half-second slots")
    func measuredRate() {
        var meter = RequestRateMeter(startTime: ManualTime.start)
        #expect(meter.record(at: ManualTime.start) == 0)
        // Ten more calls within the next half second, then one in the slot after.
        for i in 1...10 { _ = meter.record(at: ManualTime.start.addingTimeInterval(0.04 * Double(i))) }
        let rate = meter.record(at: ManualTime.start.addingTimeInterval(0.5))
        #expect(abs(rate - 12 / 0.5 * 0.8) < 1e-9)
    }
}
