import AWSClient
import Foundation
import Testing

/// The JSON protocol's request body and error shapes, with plain values.
@Suite struct JSONResponseDecodingTests {
    @Test func requestBodyIsOneObjectWithSortedKeys() {
        let request = JSONRequest(
            targetPrefix: "AWSOrganizationsV20161128", operation: "ListAccountsForParent",
            fields: ["ParentId": .string("ou-ab12-cdef5678"), "MaxResults": .integer(20)])
        #expect(request.target == "AWSOrganizationsV20161128.ListAccountsForParent")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"MaxResults":20,"ParentId":"ou-ab12-cdef5678"}"#)
        #expect(String(decoding: JSONRequest(targetPrefix: "P", operation: "ListAccounts").body, as: UTF8.self) == "{}")
    }

    @Test func successReturnsTheBody() throws {
        let body = Data(#"{"Accounts":[]}"#.utf8)
        #expect(try JSONResponseDecoding.decode(status: 200, body: body, action: "ListAccounts") == body)
        #expect(try JSONResponseDecoding.decode(status: 200, body: Data(), action: "ListAccounts") == Data("{}".utf8))
    }

    @Test(arguments: [
        (#"{"__type":"com.amazonaws.organizations#AccessDeniedException","message":"You don't have permissions"}"#,
         "AccessDeniedException", "You don't have permissions"),
        (#"{"__type":"AWSOrganizationsNotInUseException","Message":"not in an organization"}"#,
         "AWSOrganizationsNotInUseException", "not in an organization"),
        (#"{"__type":"TooManyRequestsException:http://internal.amazon.com/","message":"slow down"}"#,
         "TooManyRequestsException", "slow down"),
    ])
    func errorDocumentGivesCodeAndMessage(body: String, code: String, message: String) {
        #expect(throws: AWSServiceError(code: code, message: message, requestId: nil, httpStatus: 400, action: "ListAccounts")) {
            try JSONResponseDecoding.decode(status: 400, body: Data(body.utf8), action: "ListAccounts")
        }
    }

    @Test func anErrorPageWithoutDocumentIsItsStatus() {
        #expect(throws: AWSServiceError(
            code: "502", message: "<html>Bad Gateway</html>", requestId: nil, httpStatus: 502, action: "ListAccounts")) {
            try JSONResponseDecoding.decode(status: 502, body: Data("<html>Bad Gateway</html>".utf8), action: "ListAccounts")
        }
    }

    @Test func organizationAccountReadsStateElseStatus() throws {
        let json = #"[{"Id":"111122223333","Status":"SUSPENDED"},{"Id":"444455556666","Status":"ACTIVE","State":"PENDING_CLOSURE"}]"#
        let accounts = try JSONDecoder().decode([OrganizationAccount].self, from: Data(json.utf8))
        #expect(accounts == [
            OrganizationAccount(id: "111122223333", state: "SUSPENDED"),
            OrganizationAccount(id: "444455556666", state: "PENDING_CLOSURE"),
        ])
        #expect(accounts.allSatisfy { !$0.isActive })
    }
}
