import AWSClient
import RoleSyncCore
import Testing
@testable import Reconciler

/// How what the calls achieved is written into the action's recorded outcome.
@Suite struct ExecutorOutcomeTests {
    static let action = PlannedAction(
        type: .replace, instanceId: "i-0123456789abcdef0", account: "123456789012", region: "us-east-1",
        profile: "arn:aws:iam::123456789012:instance-profile/new", strategy: .disassociateAssociate)

    @Test(arguments: [
        (ApplyResult.applied, nil),
        (.appliedNotSettled("RequestLimitExceeded: Request limit exceeded."),
         "applied; not yet settled: RequestLimitExceeded: Request limit exceeded."),
        (.confirmedByReread, "applied (confirmed by re-read)"),
    ] as [(ApplyResult, String?)])
    func aChangeMadeIsASuccess(result: ApplyResult, reason: String?) {
        let outcome = AWSRemediationExecutor.outcome(of: Self.action, result)
        #expect(outcome.status == .succeeded)
        #expect(outcome.reason == reason)
        #expect(outcome.errorCode == nil)
        #expect(outcome.errorMessage == nil)
    }

    @Test func anAssociateFailingAfterDisassociateSaysTheInstanceLostItsProfile() {
        let partial = PartialApplication(
            disassociated: "arn:aws:iam::123456789012:instance-profile/old",
            desiredProfile: "arn:aws:iam::123456789012:instance-profile/new", associateAttempted: true,
            errorCode: "InvalidParameterValue", errorMessage: "Invalid IAM Instance Profile ARN")
        let outcome = AWSRemediationExecutor.outcome(of: Self.action, .partiallyApplied(partial))
        let message = "disassociated arn:aws:iam::123456789012:instance-profile/old; associate of "
            + "arn:aws:iam::123456789012:instance-profile/new failed: InvalidParameterValue: Invalid IAM Instance Profile ARN"
        #expect(outcome.status == .failed)
        #expect(outcome.errorCode == "PartiallyApplied")
        #expect(outcome.errorMessage == message)
        #expect(outcome.reason == "PartiallyApplied: " + message)
    }

    @Test func anAssociateNeverCalledIsSaidSo() {
        let partial = PartialApplication(
            disassociated: "arn:aws:iam::123456789012:instance-profile/old", desiredProfile: "new", associateAttempted: false,
            errorCode: "NotSettled", errorMessage: "association a-1 still disassociating after waiting 15.5 seconds")
        #expect(partial.message == "disassociated arn:aws:iam::123456789012:instance-profile/old; associate of new not attempted: "
            + "NotSettled: association a-1 still disassociating after waiting 15.5 seconds")
    }

    @Test(arguments: [
        (AWSServiceError(code: "IncorrectState", message: "m", requestId: nil, httpStatus: 400, action: "A") as any Error & Sendable,
         "IncorrectState", "m"),
        (ExecutionError(code: "NotSettled", message: "still there"), "NotSettled", "still there"),
        (CancellationError(), "Error", "CancellationError()"),
    ] as [(any Error & Sendable, String, String)])
    func failuresAreNamedByTheirCode(error: any Error & Sendable, code: String, message: String) {
        let described = ApplyDecisions.codeAndMessage(of: error)
        #expect(described.code == code)
        #expect(described.message == message)
    }
}
