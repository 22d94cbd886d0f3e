import AWSClient
import Foundation
import GitStore
import Testing
import Reconciler
import RoleSyncCore

/// Every error a cycle can throw is sorted into one reason constant: the metric label and
/// the word in the daemon's log line.
@Suite struct DaemonFailureTests {
    struct Unexpected: Error {}

    static let serviceError = AWSServiceError(
        code: "UnauthorizedOperation", message: "no", requestId: nil, httpStatus: 403, action: "DescribeInstances")

    @Test(arguments: [
        (DesiredStateError.empty(revision: "abc") as any Error, CycleFailureReason.emptyDesiredState),
        (GitError(kind: .notFound, operation: "resolve ref", subject: "main", message: "missing"), .git),
        (RetriesExhausted(action: "DescribeInstances", attempts: 3, reason: .attemptLimitReached,
                          lastRetryClass: .throttling, lastError: serviceError), .awsThrottled),
        (RetriesExhausted(action: "DescribeInstances", attempts: 3, reason: .retryQuotaExhausted,
                          lastRetryClass: .transient, lastError: AWSTransportError.timeout), .awsUnavailable),
        (AWSTransportError.connection("refused"), .awsUnavailable),
        (serviceError, .awsError),
        (CredentialsNotFound(attempts: []), .credentials),
        (CycleFailure(reason: .git, message: "already sorted"), .git),
        (Unexpected(), .other),
    ])
    func errorsAreSortedIntoReasons(error: any Error, reason: CycleFailureReason) {
        #expect(CycleFailure(classifying: error).reason == reason)
    }

    @Test func invalidManifestsAreTheirOwnReason() {
        let report = ManifestLoader.load(
            [ManifestFile(path: "bad.yaml", contents: Data("apiVersion: rolesync.dev/v1\nkind: Nope\n".utf8))], revision: "abc")
        #expect(!report.problems.isEmpty)
        #expect(CycleFailure(classifying: DesiredStateError.invalid(report)).reason == .invalidDesiredState)
    }

    @Test func cycleLinesSayWhatHappened() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let success = CycleResult(
            kind: .converge, startedAt: start, finishedAt: start.addingTimeInterval(1.3),
            outcome: .succeeded(CycleSummary(
                desiredRevision: "4f2a9c1e0000", instances: 12, drift: [.missing: 3, .unmanaged: 2, .exempt: 1],
                actions: [ActionTally(type: .associate, status: .succeeded): 3,
                          ActionTally(type: .replace, status: .blocked): 1],
                recordedCommit: "1b2c3d4e5f")))
        #expect(success.line == "converge at 4f2a9c1: 12 instances, 3 drifted; 3 succeeded, 0 failed, 1 blocked; recorded 1b2c3d4 (1.3 s)")
        let check = CycleResult(
            kind: .driftCheck, startedAt: start, finishedAt: start,
            outcome: .succeeded(CycleSummary(desiredRevision: "4f2a9c1e0000", instances: 12, drift: [.wrong: 1])))
        #expect(check.line == "drift-check at 4f2a9c1: 12 instances, 1 drifted (0.0 s)")
        let failure = CycleResult(
            kind: .converge, startedAt: start, finishedAt: start.addingTimeInterval(0.5),
            outcome: .failed(CycleFailure(reason: .awsThrottled, message: "DescribeInstances gave up")))
        #expect(failure.line == "converge failed (aws-throttled): DescribeInstances gave up (0.5 s)")
    }
}
