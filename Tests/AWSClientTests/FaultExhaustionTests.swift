import AWSClient
import Foundation
import Testing
import TestSupport

/// Faults beyond the attempt budget end in `RetriesExhausted` that says what gave up and
/// why; terminal answers are never retried at all.
@Suite("Giving up on injected faults")
struct FaultExhaustionTests {
    @Test("more throttles than the 3 attempts: RetriesExhausted names the action, attempts and last code")
    func throttlesExhaustTheAttempts() async throws {
        let fixture = try await FaultFixture.start(
            region: "eu-central-1", faults: [.throttle, .throttle, .throttle, .throttle])
        defer { Task { await fixture.shutdown() } }

        let error = try await #require(throws: RetriesExhausted.self) {
            try await fixture.ec2.describeRegions()
        }

        #expect(error.action == "DescribeRegions")
        #expect(error.attempts == 3)
        #expect(error.reason == .attemptLimitReached)
        #expect(error.lastRetryClass == .throttling)
        #expect(error.lastErrorCode == "RequestLimitExceeded")
        #expect(error.description.hasPrefix("DescribeRegions gave up after 3 attempts (attempt limit reached): "))
        #expect(error.description.contains("RequestLimitExceeded (HTTP 503): Request limit exceeded."))
        #expect(fixture.proxy.seen.count == 3)
        #expect(fixture.proxy.schedule.remaining == [.throttle])
        // Two backoffs: none after the last attempt.
        #expect(fixture.time.recordedSleeps == FaultFixture.standardBackoffs(retries: 2))
        #expect(await fixture.policy.metrics.givenUp == 1)
    }

    @Test("mixed faults count against the same budget; the last one is reported")
    func mixedFaultsExhaustTheAttempts() async throws {
        let fixture = try await FaultFixture.start(
            region: "eu-central-1", faults: [.dropConnection, .serverError(500), .throttle, .pass])
        defer { Task { await fixture.shutdown() } }

        let error = try await #require(throws: RetriesExhausted.self) {
            try await fixture.iam.listInstanceProfiles()
        }

        #expect(error.action == "ListInstanceProfiles")
        #expect(error.attempts == 3)
        #expect(error.lastErrorCode == "Throttling")
        #expect(fixture.proxy.seen.map(\.fault) == [.dropConnection, .serverError(500), .throttle])
    }

    @Test("a dropped connection on every attempt: the transport failure is what is reported")
    func droppedConnectionsExhaustTheAttempts() async throws {
        let fixture = try await FaultFixture.start(
            region: "eu-central-1", faults: [.dropConnection, .dropConnection, .dropConnection])
        defer { Task { await fixture.shutdown() } }

        let error = try await #require(throws: RetriesExhausted.self) {
            try await fixture.ec2.describeRegions()
        }

        #expect(error.attempts == 3)
        #expect(error.lastRetryClass == .transient)
        #expect(error.lastErrorCode == nil)
        #expect(error.description.contains("connection failed: DescribeRegions"))
        #expect(fixture.proxy.seen.count == 3)
    }

    @Test("an injected terminal error is not retried", arguments: [
        Fault.awsError(status: 400, code: "UnauthorizedOperation"),
        .awsError(status: 400, code: "InvalidParameterValue"),
        .awsError(status: 403, code: "AccessDenied"),
    ])
    func injectedTerminalErrorIsNotRetried(fault: Fault) async throws {
        let fixture = try await FaultFixture.start(region: "eu-central-1", faults: [fault])
        defer { Task { await fixture.shutdown() } }

        let error = try await #require(throws: AWSServiceError.self) {
            try await fixture.ec2.describeRegions()
        }

        guard case .awsError(let status, let code) = fault else { Issue.record("not an AWS error: \(fault)"); return }
        #expect(error.code == code)
        #expect(error.httpStatus == status)
        #expect(error.action == "DescribeRegions")
        #expect(fixture.proxy.seen.count == 1)
        #expect(fixture.time.recordedSleeps.isEmpty)
        #expect(await fixture.policy.metrics.terminalFailures == 1)
    }

    @Test("a wrong secret gets the emulator's own AuthFailure, which is not retried")
    func wrongSecretIsNotRetried() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let wrong = AWSCredentials(accessKeyId: moto.admin.accessKeyId, secretAccessKey: "not-the-secret")
        let fixture = try await FaultFixture.start(region: "eu-central-1", credentials: wrong)
        defer { Task { await fixture.shutdown() } }

        let ec2Error = try await #require(throws: AWSServiceError.self) {
            try await fixture.ec2.describeRegions()
        }
        #expect(ec2Error.code == "AuthFailure")
        #expect(ec2Error.httpStatus == 401)

        let iamError = try await #require(throws: AWSServiceError.self) {
            try await fixture.iam.listInstanceProfiles()
        }
        #expect(iamError.code == "SignatureDoesNotMatch")
        #expect(iamError.httpStatus == 403)

        #expect(fixture.proxy.seen.map(\.action) == ["DescribeRegions", "ListInstanceProfiles"])
        #expect(fixture.time.recordedSleeps.isEmpty)
    }

    @Test("the right secret through the proxy passes the emulator's signature check")
    func signaturesSurviveTheProxy() async throws {
        let fixture = try await FaultFixture.start(region: "eu-central-1")
        defer { Task { await fixture.shutdown() } }

        let regions = try await fixture.ec2.describeRegions()

        #expect(!regions.isEmpty)
        #expect(fixture.proxy.seen == [FaultProxyEntry(action: "DescribeRegions", fault: .pass)])
    }
}
