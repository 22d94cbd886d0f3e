import AWSClient
import RoleSyncCore
import Testing
@testable import Reconciler

/// Which organization accounts a policy selects, with plain values.
@Suite struct OrganizationAccountsTests {
    @Test func activeAccountsLessExclusionsEachOnceSorted() {
        let listed = [
            OrganizationAccount(id: "333333333333", state: "ACTIVE"),
            OrganizationAccount(id: "111111111111", state: "ACTIVE"),
            OrganizationAccount(id: "222222222222", state: "SUSPENDED"),
            OrganizationAccount(id: "444444444444", state: "PENDING_CLOSURE"),
            OrganizationAccount(id: "555555555555", state: "ACTIVE"),
            OrganizationAccount(id: "111111111111", state: "ACTIVE"),
        ]
        #expect(OrganizationAccounts.selected(listed, excluding: ["555555555555"]) == ["111111111111", "333333333333"])
        #expect(OrganizationAccounts.selected(listed, excluding: []) == ["111111111111", "333333333333", "555555555555"])
    }

    @Test func errorsNameTheCallerAndWhatToGrant() {
        let unreadable = TargetError.organizationUnreadable(
            caller: "123456789012",
            AWSServiceError(code: "AccessDeniedException", message: "no", requestId: nil, httpStatus: 400, action: "ListAccounts"))
        #expect(String(describing: unreadable).contains("did not list them to account 123456789012"))
        #expect(String(describing: unreadable).contains("organizations:ListAccounts"))
        #expect(String(describing: TargetError.noOrganizationAccount(listed: 3, excluded: 3))
            == "the policy's organization form selects no ACTIVE account (3 listed, 3 excluded): nothing to reconcile")
    }
}
