import AWSClient
import RoleSyncCore
import Testing
@testable import Reconciler

/// The executor's last check before acting: a stale plan must never clobber a newer change.
@Suite struct ExecutorRecheckTests {
    static let planned = ExpectedAssociation(associationId: "iip-assoc-1", profileArn: "arn:aws:iam::1:instance-profile/a")

    static func live(_ id: String, _ arn: String) -> IamInstanceProfileAssociation {
        IamInstanceProfileAssociation(
            associationId: id, instanceId: "i-0123456789abcdef0", iamInstanceProfile: IamInstanceProfileRef(arn: arn),
            state: "associated")
    }

    @Test(arguments: [
        (nil, nil, nil),
        (planned, live("iip-assoc-1", "arn:aws:iam::1:instance-profile/a"), nil),
        (nil, live("iip-assoc-9", "arn:aws:iam::1:instance-profile/b"),
         "association changed since the plan: expected none, found arn:aws:iam::1:instance-profile/b"),
        (planned, nil, "association changed since the plan: expected arn:aws:iam::1:instance-profile/a, found none"),
        (planned, live("iip-assoc-1", "arn:aws:iam::1:instance-profile/b"),
         "association changed since the plan: expected arn:aws:iam::1:instance-profile/a, found arn:aws:iam::1:instance-profile/b"),
        (planned, live("iip-assoc-2", "arn:aws:iam::1:instance-profile/a"),
         "association changed since the plan: expected arn:aws:iam::1:instance-profile/a, found arn:aws:iam::1:instance-profile/a"),
    ] as [(ExpectedAssociation?, IamInstanceProfileAssociation?, String?)])
    func mismatch(expected: ExpectedAssociation?, current: IamInstanceProfileAssociation?, reason: String?) {
        #expect(AWSRemediationExecutor.mismatch(expected: expected, current: current) == reason)
    }

    @Test func failuresKeepTheAWSErrorCode() {
        let action = PlannedAction(type: .associate, instanceId: "i-0123456789abcdef0", account: "1", region: "us-east-1", profile: "p")
        let error = AWSServiceError(
            code: "IncorrectState", message: "There is an existing association", requestId: "r-1", httpStatus: 400,
            action: "AssociateIamInstanceProfile")
        let outcome = AWSRemediationExecutor.failed(action, error: error)
        #expect(outcome.status == .failed)
        #expect(outcome.errorCode == "IncorrectState")
        #expect(outcome.errorMessage == "There is an existing association")
    }

    @Test func theRecordTrailerNamesTheRecordFile() {
        let message = "rolesync: 1 associated at abcdef1\n\nDesired-Revision: abc\nRun-Id: r\nRecord: decisions/2026/11/29/r.json\n"
        #expect(GitDecisionRecorder.recordPath(in: message) == "decisions/2026/11/29/r.json")
        #expect(GitDecisionRecorder.recordPath(in: "no trailer\n") == nil)
    }
}
