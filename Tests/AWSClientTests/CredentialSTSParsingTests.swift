@testable import AWSClient
import Foundation
import Testing

/// STS credential answers must carry a readable expiration: the cache keeps credentials
/// without one forever.
@Suite("STS credential answers")
struct CredentialSTSParsingTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"

    static func answer(action: String, expiration: String?) throws -> XMLElementNode {
        let expirationElement = expiration.map { "<Expiration>\($0)</Expiration>" } ?? ""
        return try XMLTreeParser.parse("""
            <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><\(action)Result>\
            <Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>\(secret)</SecretAccessKey>\
            <SessionToken>token</SessionToken>\(expirationElement)</Credentials>\
            </\(action)Result></\(action)Response>
            """)
    }

    @Test(
        "a missing or unreadable Expiration is a malformed answer naming the action, without the body",
        arguments: ["AssumeRole", "AssumeRoleWithWebIdentity"], [nil, "", "tomorrow"] as [String?])
    func missingExpiration(action: String, expiration: String?) throws {
        let response = try Self.answer(action: action, expiration: expiration)
        let error = try #require(throws: AWSTransportError.self) {
            try STSRequests.credentials(in: response, action: action)
        }
        guard case .malformedResponse(let detail) = error else {
            Issue.record("expected malformedResponse, got \(error)")
            return
        }
        #expect(detail.hasPrefix("\(action):"))
        #expect(detail.contains("Expiration"))
        #expect(!detail.contains(Self.secret))
        #expect(!detail.contains("ASIAEXAMPLE"))
    }

    @Test("a readable Expiration is kept", arguments: ["AssumeRole", "AssumeRoleWithWebIdentity"])
    func readableExpiration(action: String) throws {
        let response = try Self.answer(action: action, expiration: "2023-11-14T22:13:20Z")
        let credentials = try STSRequests.credentials(in: response, action: action)
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(credentials.sessionToken == "token")
    }
}
