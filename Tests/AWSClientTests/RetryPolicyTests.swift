import AWSClient
import Foundation
import Testing

@Suite("RequestPolicy.perform")
struct RetryPolicyTests {
    let time = ManualTime()

    func policy(_ configuration: RetryConfiguration = .standard, random: Double = 1.0) -> RequestPolicy {
        RequestPolicy(configuration: configuration, sleeper: time, clock: time, random: { random })
    }

    @Test("succeeds after two throttles, backing off 1 s then 2 s without real sleeping")
    func succeedsWithinBudget() async throws {
        let call = ScriptedCall(failures: [SampleErrors.throttle, SampleErrors.throttle], clock: time)
        let policy = policy()
        let value = try await policy.perform(action: "DescribeInstances", key: .sample) { try call() }
        #expect(value == 3)
        #expect(time.recordedSleeps == [.seconds(1), .seconds(2)])
        #expect(call.attemptTimes == [0, 1, 3])
        let metrics = await policy.metrics
        #expect(metrics.throttles == 2)
        #expect(metrics.retries == 2)
        #expect(metrics.successes == 1)
    }

    @Test("gives up after three throttles with an error naming the attempts and the AWS code")
    func givesUpPastBudget() async throws {
        let call = ScriptedCall(alwaysFailingWith: SampleErrors.throttle, clock: time)
        let error = try await #require(throws: RetriesExhausted.self) {
            try await policy().perform(action: "DescribeInstances", key: .sample) { try call() }
        }
        #expect(call.attempts == 3)
        #expect(error.attempts == 3)
        #expect(error.reason == .attemptLimitReached)
        #expect(error.lastRetryClass == .throttling)
        #expect(error.lastErrorCode == "RequestLimitExceeded")
        #expect("\(error)".contains("DescribeInstances gave up after 3 attempts"))
        #expect("\(error)".contains("RequestLimitExceeded"))
        #expect("\(error)".contains("Request limit exceeded."))
    }

    @Test("maxAttempts is configurable")
    func configurableAttempts() async throws {
        let call = ScriptedCall(alwaysFailingWith: SampleErrors.unavailable, clock: time)
        let error = try await #require(throws: RetriesExhausted.self) {
            try await policy(RetryConfiguration(maxAttempts: 6)).perform(action: "DescribeInstances", key: .sample) { try call() }
        }
        #expect(error.attempts == 6)
        #expect(time.recordedSleeps == [1, 2, 4, 8, 16].map { .seconds($0) })
    }

    @Test("terminal errors are rethrown as they came after one attempt")
    func terminalNotRetried() async throws {
        let call = ScriptedCall(alwaysFailingWith: SampleErrors.authFailure, clock: time)
        let error = try await #require(throws: AWSServiceError.self) {
            try await policy().perform(action: "DescribeInstances", key: .sample) { try call() }
        }
        #expect(error == SampleErrors.authFailure)
        #expect(call.attempts == 1)
        #expect(time.recordedSleeps.isEmpty)
    }

    @Test("an empty retry quota stops retries; successes refund it")
    func quotaExhaustion() async throws {
        let configuration = RetryConfiguration(maxAttempts: 10, retryQuota: 12)
        let policy = policy(configuration)
        let failing = ScriptedCall(alwaysFailingWith: SampleErrors.unavailable, clock: time)
        let error = try await #require(throws: RetriesExhausted.self) {
            try await policy.perform(action: "DescribeInstances", key: .sample) { try failing() }
        }
        #expect(error.reason == .retryQuotaExhausted)
        #expect(failing.attempts == 3)
        #expect(await policy.retryQuotaAvailable(account: "123456789012", region: "eu-west-1") == 2)

        // Another region has its own quota.
        let otherRegion = RateLimitKey(account: "123456789012", region: "us-east-1", bucket: .nonMutating)
        let recovering = ScriptedCall(failures: [SampleErrors.unavailable], clock: time)
        _ = try await policy.perform(action: "DescribeInstances", key: otherRegion) { try recovering() }
        #expect(await policy.retryQuotaAvailable(account: "123456789012", region: "us-east-1") == 12)

        // A success after a retry refunds that retry's cost; one without retries refunds 1.
        let afterRetry = ScriptedCall(failures: [], clock: time)
        _ = try await policy.perform(action: "DescribeInstances", key: .sample) { try afterRetry() }
        #expect(await policy.retryQuotaAvailable(account: "123456789012", region: "eu-west-1") == 3)
    }

    @Test("a timeout retry costs 10 from the quota")
    func timeoutCost() async throws {
        let policy = policy(RetryConfiguration(maxAttempts: 10, retryQuota: 25))
        let call = ScriptedCall(alwaysFailingWith: AWSTransportError.timeout, clock: time)
        let error = try await #require(throws: RetriesExhausted.self) {
            try await policy.perform(action: "DescribeInstances", key: .sample) { try call() }
        }
        #expect(error.reason == .retryQuotaExhausted)
        #expect(call.attempts == 3)
        #expect(await policy.retryQuotaAvailable(account: "123456789012", region: "eu-west-1") == 5)
    }

    @Test("an IAM profile not yet visible is retried for 120 s of clock time, then given up")
    func propagationGivesUp() async throws {
        let call = ScriptedCall(alwaysFailingWith: SampleErrors.profileNotYetVisible, clock: time)
        let error = try await #require(throws: RetriesExhausted.self) {
            try await policy().perform(action: "AssociateIamInstanceProfile", key: .sampleAssociate) { try call() }
        }
        #expect(error.reason == .propagationWindowElapsed)
        #expect(error.lastRetryClass == .iamPropagation)
        #expect(call.attemptTimes.first == 0)
        #expect(call.attemptTimes.last == 120)
        #expect(call.attemptTimes.count == 27)
        #expect(time.recordedSleeps.allSatisfy { $0 <= .seconds(5) })
        #expect("\(error)".contains("Invalid IAM Instance Profile name"))
    }

    @Test("an IAM profile that appears within the window succeeds")
    func propagationSucceeds() async throws {
        let call = ScriptedCall(failures: Array(repeating: SampleErrors.profileNotYetVisible, count: 5), clock: time)
        let value = try await policy().perform(action: "AssociateIamInstanceProfile", key: .sampleAssociate) { try call() }
        #expect(value == 6)
        #expect(call.attemptTimes == [0, 1, 3, 7, 12, 17])
    }

    @Test("a cancelled task stops before the next attempt")
    func cancellation() async throws {
        let call = ScriptedCall(alwaysFailingWith: SampleErrors.throttle, clock: time)
        let policy = policy()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await policy.perform(action: "DescribeInstances", key: .sample) { try call() }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(call.attempts == 0)
    }

    @Test("a throttle slows the limiter of the call's key only")
    func throttleSlowsLimiter() async throws {
        let policy = policy()
        let call = ScriptedCall(failures: [SampleErrors.throttle], clock: time)
        _ = try await policy.perform(action: "AssociateIamInstanceProfile", key: .sampleAssociate) { try call() }
        let limiter = policy.rateLimiter
        #expect(await limiter.currentRate(for: .sampleAssociate) < 5)
        #expect(await limiter.currentRate(for: .sample) == 20)
    }
}
