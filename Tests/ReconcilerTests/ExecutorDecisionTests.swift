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
