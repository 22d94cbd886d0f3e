import AWSClient
import RoleSyncCore
import Testing
@testable import Reconciler

/// What the executor decides after a mutating call fails, checked with plain values.
@Suite struct ExecutorDecisionTests {
    static let wanted = "arn:aws:iam::123456789012:instance-profile/app/web"
    static let other = "arn:aws:iam::123456789012:instance-profile/db"

    static func association(_ id: String, _ arn: String?, state: String = "associated") -> IamInstanceProfileAssociation {
        IamInstanceProfileAssociation(
            associationId: id, instanceId: "i-0123456789abcdef0", iamInstanceProfile: arn.map { IamInstanceProfileRef(arn: $0) },
            state: state)
    }

    @Test(arguments: [
        ("IncorrectState", true), ("InvalidAssociationID.NotFound", true), ("IncorrectInstanceState", false),
        ("InvalidParameterValue", false), ("RequestLimitExceeded", false), (nil, false),
    ] as [(String?, Bool)])
    func aLostResponseExplainsOnlySomeAnswers(code: String?, worthRereading: Bool) {
        #expect(ApplyDecisions.mayHaveBeenApplied(errorCode: code) == worthRereading)
    }

    @Test(arguments: [
        (wanted, association("a-1", wanted), true),
        (wanted, association("a-1", wanted, state: "associating"), true),
        (wanted, association("a-1", wanted, state: "disassociating"), false),
        (wanted, association("a-1", wanted, state: "disassociated"), false),
        (wanted, association("a-1", other), false),
        (wanted, association("a-1", nil), false),
        (wanted, nil, false),
        ("web", association("a-1", wanted), true),
        ("app/web", association("a-1", wanted), false),
        ("db", association("a-1", wanted), false),
    ] as [(String, IamInstanceProfileAssociation?, Bool)])
    func theRereadConfirmsOnlyTheDesiredProfile(profile: String, now: IamInstanceProfileAssociation?, attached: Bool) {
        #expect(ApplyDecisions.attaches(profile, now) == attached)
    }

    @Test(arguments: [
        ("IncorrectState", association("a-1", other), true),
        ("IncorrectState", association("a-2", other), false),
        ("IncorrectState", nil, false),
        ("InvalidAssociationID.NotFound", association("a-1", other), false),
        ("RequestLimitExceeded", association("a-1", other), false),
        (nil, association("a-1", other), false),
    ] as [(String?, IamInstanceProfileAssociation?, Bool)])
    func replaceFallsBackOnlyWhenTheSameAssociationIsStillThere(
        code: String?, now: IamInstanceProfileAssociation?, fallsBack: Bool
    ) {
        let original = Self.association("a-1", Self.other)
        #expect(ApplyDecisions.shouldFallBackFromReplace(errorCode: code, replacing: original, now: now) == fallsBack)
    }

    @Test func errorCodesComeFromAWSAnswersOnly() {
        let answer = AWSServiceError(
            code: "IncorrectState", message: "There is an existing association", requestId: nil, httpStatus: 400,
            action: "AssociateIamInstanceProfile")
        let exhausted = RetriesExhausted(
            action: "AssociateIamInstanceProfile", attempts: 3, reason: .attemptLimitReached, lastRetryClass: .throttling,
            lastError: AWSServiceError(
                code: "RequestLimitExceeded", message: "slow down", requestId: nil, httpStatus: 503,
                action: "AssociateIamInstanceProfile"))
        #expect(ApplyDecisions.errorCode(of: answer) == "IncorrectState")
        #expect(ApplyDecisions.errorCode(of: exhausted) == "RequestLimitExceeded")
        #expect(ApplyDecisions.errorCode(of: ExecutionError(code: "NotSettled", message: "m")) == nil)
        #expect(ApplyDecisions.errorCode(of: CancellationError()) == nil)
    }

    @Test(arguments: [
        (nil, true), (association("a-1", other, state: "disassociated"), true),
        (association("a-1", other, state: "disassociating"), false), (association("a-1", other), false),
    ] as [(IamInstanceProfileAssociation?, Bool)])
    func aDisassociationIsOverWhenTheAssociationIsGone(seen: IamInstanceProfileAssociation?, gone: Bool) {
        #expect(SettleWaiter.isGone(seen) == gone)
    }

    @Test func anAssociationThatStaysIsNamedInTheError() {
        let error = SettleWaiter.notSettled("a-1", state: "disassociating", pauses: [.zero, .seconds(1), .seconds(2)])
        #expect(error == ExecutionError(code: "NotSettled", message: "association a-1 still disassociating after waiting 3.0 seconds"))
    }
}

/// Lost answers to Disassociate, and mutations given up on after retries, are settled by a re-read.
@Suite struct ExecutorLostAnswerTests {
    static let original = ExecutorDecisionTests.association("a-1", ExecutorDecisionTests.other)

    @Test(arguments: [
        (nil, true),
        (ExecutorDecisionTests.association("a-1", ExecutorDecisionTests.other, state: "disassociating"), true),
        (ExecutorDecisionTests.association("a-1", ExecutorDecisionTests.other), false),
        (ExecutorDecisionTests.association("a-2", ExecutorDecisionTests.wanted), false),
    ] as [(IamInstanceProfileAssociation?, Bool)])
    func aDisassociateIsConfirmedOnlyWhenTheInstanceHasNoOtherProfile(now: IamInstanceProfileAssociation?, removed: Bool) {
        #expect(ApplyDecisions.removed(Self.original, now: now) == removed)
    }

    @Test func retriesGivenUpOnAreAmbiguousButTerminalAnswersAreNot() {
        let throttled = AWSServiceError(
            code: "RequestLimitExceeded", message: "Request limit exceeded.", requestId: nil, httpStatus: 503,
            action: "AssociateIamInstanceProfile")
        let exhausted = RetriesExhausted(
            action: "AssociateIamInstanceProfile", attempts: 3, reason: .attemptLimitReached, lastRetryClass: .throttling,
            lastError: throttled)
        #expect(ApplyDecisions.mayHaveBeenApplied(exhausted))
        #expect(ApplyDecisions.mayHaveBeenApplied(AWSTransportError.timeout))
        let refused = AWSServiceError(
            code: "InvalidParameterValue", message: "Invalid IAM Instance Profile name", requestId: nil, httpStatus: 400,
            action: "AssociateIamInstanceProfile")
        #expect(!ApplyDecisions.mayHaveBeenApplied(refused))
        let gone = AWSServiceError(
            code: "InvalidAssociationID.NotFound", message: "An invalid association-id of 'a-1' was given", requestId: nil,
            httpStatus: 400, action: "DisassociateIamInstanceProfile")
        #expect(ApplyDecisions.mayHaveBeenApplied(gone))
    }
}
