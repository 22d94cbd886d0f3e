import AWSClient
import Foundation
import Testing
import TestSupport

/// One failure of each kind, on the wire between the client and the emulator, is retried
/// once after the standard backoff and the call succeeds.
@Suite("Recovery from injected faults")
struct FaultRecoveryTests {
    /// Every fault the retry rules treat as retryable, with how the policy should count it.
    static let retryableFaults: [(Fault, RetryClass)] = [
        (.throttle, .throttling),
        (.serverError(500), .transient),
        (.serverError(502), .transient),
        (.serverError(504), .transient),
        (.serviceUnavailable, .transient),
        (.dropConnection, .transient),
        (.malformedXML, .transient),
    ]

    @Test("EC2: one fault then a pass succeeds after one standard backoff", arguments: retryableFaults)
    func ec2RecoversFromOneFault(fault: Fault, expectedClass: RetryClass) async throws {
        let fixture = try await FaultFixture.start(region: "eu-central-1", faults: [fault])
        defer { Task { await fixture.shutdown() } }

        let regions = try await fixture.ec2.describeRegions()

        #expect(regions.contains("eu-central-1"))
        #expect(fixture.proxy.seen == [
            FaultProxyEntry(action: "DescribeRegions", fault: fault),
            FaultProxyEntry(action: "DescribeRegions", fault: .pass),
        ])
        #expect(await fixture.metrics.count(for: "DescribeRegions") == 2)
        #expect(fixture.time.recordedSleeps == FaultFixture.standardBackoffs(retries: 1))
        let metrics = await fixture.policy.metrics
        #expect(metrics.attempts == 2)
        #expect(metrics.retries == 1)
        #expect(metrics.successes == 1)
        #expect(metrics.throttles == (expectedClass == .throttling ? 1 : 0))
        #expect(metrics.transientFailures == (expectedClass == .transient ? 1 : 0))
    }

    @Test("IAM: a Throttling answer in IAM's error shape is retried like EC2's", arguments: [
        Fault.throttle, .serverError(500), .dropConnection, .malformedXML,
    ])
    func iamRecoversFromOneFault(fault: Fault) async throws {
        let fixture = try await FaultFixture.start(region: "eu-central-1", faults: [fault])
        defer { Task { await fixture.shutdown() } }

        _ = try await fixture.iam.listInstanceProfiles()

        #expect(fixture.proxy.seen.map(\.fault) == [fault, .pass])
        #expect(fixture.proxy.seen.allSatisfy { $0.action == "ListInstanceProfiles" })
        #expect(fixture.time.recordedSleeps == FaultFixture.standardBackoffs(retries: 1))
    }

    @Test("two faults then a pass: the backoffs grow as random × 2^(retry−1)")
    func twoFaultsBackOffExponentially() async throws {
        let fixture = try await FaultFixture.start(region: "eu-central-1", faults: [.serverError(503), .dropConnection])
        defer { Task { await fixture.shutdown() } }

        _ = try await fixture.ec2.describeRegions()

        #expect(fixture.proxy.seen.map(\.fault) == [.serverError(503), .dropConnection, .pass])
        #expect(fixture.time.recordedSleeps == [.milliseconds(500), .seconds(1)])
        #expect(fixture.time.recordedSleeps == FaultFixture.standardBackoffs(retries: 2))
    }

    @Test("retries refund the retry quota once the call succeeds")
    func quotaRefundedAfterRecovery() async throws {
        let fixture = try await FaultFixture.start(region: "eu-central-1", faults: [.throttle, .dropConnection])
        defer { Task { await fixture.shutdown() } }

        _ = try await fixture.ec2.describeRegions()

        // The throttle's retry cost 5 and the dropped connection's 10 (a connection failure);
        // the success gives back only what its own retry cost (botocore `quota.py`).
        let left = await fixture.policy.retryQuotaAvailable(account: MotoFixture.account, region: "eu-central-1")
        #expect(left == 500 - 5 - 10 + 10)
    }
}
