import Foundation
import Testing
@testable import RoleSyncCore

/// Which key id a secret belongs to, canary accounts, and how verification answers land on
/// the findings.
@Suite struct KeyPairTests {
    static let secretA = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzKEYabc"
    static let secretB = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLE" + "Q9x"

    @Test func aKeyIdForAnAccountDecodesBackToIt() {
        for account in ["000000000001", "123456789012", "052310077262", "999999999999"] {
            #expect(AccessKeyAccount.decode(KeyIds.make(account: account)) == account)
        }
    }

    @Test func aCanaryAccountWhoseIdsLookOldIsStillDecoded() {
        let id = KeyIds.make(account: "595918472158")
        #expect(["I", "J"].contains(id.dropFirst(4).first), "this account's ids start like old ones")
        #expect(AccessKeyAccount.decode(id) == "595918472158")
        #expect(AccessKeyAccount.decode(KeyIds.make(account: "600000000000")) == nil, "an ordinary account there is not guessed")
    }

    @Test func eachSecretPairsWithTheNearestKeyIdOfItsFile() {
        let first = KeyIds.make(account: "111122223333")
        let second = KeyIds.make(account: "444455556666")
        let secondSecret = "Zk3pQ9rT/uV2wX8yA1bC4dE6fG7hJ0kLmN5oPqRs"
        let text = """
            [dev]
            aws_access_key_id = \(first)
            aws_secret_access_key = \(Self.secretA)

            [prod]
            aws_access_key_id = \(second)
            aws_secret_access_key = \(secondSecret)
            """
        let scanned = CredentialScanner.findingsAndPairs(in: text, location: "credentials")

        #expect(scanned.pairs.map(\.accessKeyId) == [first, second])
        #expect(scanned.pairs.map(\.secretAccessKey) == [Self.secretA, secondSecret])
        let secrets = scanned.findings.filter { $0.match.kind == .secretAccessKey }
        #expect(secrets.map(\.account) == ["111122223333", "444455556666"], "a secret key is of its key id's account")
    }

    @Test func aSessionTokenJoinsThePairOfItsTemporaryKey() throws {
        let id = KeyIds.make(account: "111122223333", prefix: "ASIA")
        let token = String(repeating: "IQoJb3JpZ2luX2VjEHAaCXVzLWVhc3QtMSJGMEQCIF", count: 3)
        let text = "aws_access_key_id=\(id)\naws_secret_access_key=\(Self.secretA)\naws_session_token=\(token)\n"
        let pair = try #require(CredentialScanner.findingsAndPairs(in: text, location: "env").pairs.first)
        #expect(pair.sessionToken == token, "the token without the `token=` before it")
        #expect(pair.fingerprints.count == 3)
    }

    @Test func aSecretWithNoKeyIdInItsFilePairsWithNothing() {
        let scanned = CredentialScanner.findingsAndPairs(in: "AWS_SECRET_ACCESS_KEY=\(Self.secretA)\n", location: ".env")
        #expect(scanned.findings.count == 1 && scanned.pairs.isEmpty)
        #expect(scanned.findings[0].account == nil)
    }

    @Test func aKeyIdInAnotherFileIsNotItsPair() {
        let parts = [
            UserDataPart(label: "a.sh", text: "export AWS_ACCESS_KEY_ID=\(KeyIds.make(account: "111122223333"))\n"),
            UserDataPart(label: "b.sh", text: "export AWS_SECRET_ACCESS_KEY=\(Self.secretA)\n"),
        ]
        #expect(CredentialScanner.findingsAndPairs(in: parts).pairs.isEmpty)
    }

    @Test func aPairNeverShowsItsSecret() {
        let id = KeyIds.make(account: "111122223333")
        let pair = KeyPair(accessKeyId: id, secretAccessKey: Self.secretA, sessionToken: "token-\(Self.secretA)")
        var dumped = ""
        dump(pair, to: &dumped)
        for shown in [String(describing: pair), String(reflecting: pair), "\(pair)", dumped, "\([pair])"] {
            #expect(!shown.contains(Self.secretA) && !shown.contains(id), "\(shown)")
        }
    }

    @Test func canaryAccountsAreMarkedAndDoNotFailTheScan() {
        let canary = KeyIds.make(account: "052310077262")
        let own = KeyIds.make(account: "123456789012")
        let text = "id=\(canary)\naws_secret_access_key=\(Self.secretA)\n\n\n\n\nid=\(own)\n"
        let document = ScanDocument(findings: CredentialScanner.findings(in: text, location: "f").map(ScanFinding.init))
            .markingCanaries(CanaryAccounts.known)

        #expect(document.findings.filter { $0.canary == true }.map(\.kind) == ["access-key-id", "secret-access-key"])
        #expect(document.leaks.map(\.account) == ["123456789012"])
        #expect(document.findings.first { $0.canary == true }?.line.contains("a canary token (not a leak)") == true)
    }

    @Test func everyFindingOfAVerifiedPairTakesItsAnswerAndTheRestAreUnpaired() throws {
        let id = KeyIds.make(account: "123456789012")
        let lone = KeyIds.make(account: "123456789012")
        let text = "id=\(id)\naws_secret_access_key=\(Self.secretA)\n\n\n\n\n\nother=\(lone)\n"
        let scanned = CredentialScanner.findingsAndPairs(in: text, location: "f")
        let pair = try #require(scanned.pairs.first)
        let live = KeyVerification(status: .live, arn: "arn:aws:iam::123456789012:user/deploy")
        let document = ScanDocument(findings: scanned.findings.map(ScanFinding.init)).applying([(pair, live)])

        let byLine = Dictionary(uniqueKeysWithValues: document.findings.map { ($0.location, $0.verification) })
        #expect(byLine["f:1"] == live && byLine["f:2"] == live)
        #expect(byLine["f:8"]??.status == .unpaired)
        #expect(document.findings[0].line.hasSuffix("live as arn:aws:iam::123456789012:user/deploy"))
    }

    @Test func theMostCertainAnswerWinsWhenPairsShareAKeyId() {
        let id = KeyIds.make(account: "123456789012")
        let revoked = KeyPair(accessKeyId: id, secretAccessKey: Self.secretA)
        let live = KeyPair(accessKeyId: id, secretAccessKey: Self.secretB)
        let finding = ScanFinding(location: "f:1", kind: "access-key-id", redacted: "x", fingerprint: SecretFinding.fingerprint(of: id))
        let document = ScanDocument(findings: [finding]).applying([
            (live, KeyVerification(status: .live, arn: "arn")), (revoked, KeyVerification(status: .revoked, reason: "SignatureDoesNotMatch")),
        ])
        #expect(document.findings[0].verification?.status == .live)
    }
}

/// Access key ids that carry a given account, the inverse of `AccessKeyAccount.decode`.
enum KeyIds {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    static func make<R: RandomNumberGenerator>(account: String, prefix: String = "AKIA", using random: inout R) -> String {
        // 10 base32 characters hold 50 bits: the first 6 bytes (account << 7 | 7 random bits) and 2 more.
        let firstSixBytes = UInt64(account)! << 7 | UInt64.random(in: 0..<128, using: &random)
        var bits = firstSixBytes << 2 | UInt64.random(in: 0..<4, using: &random)
        var head: [Character] = []
        for _ in 0..<10 {
            head.insert(alphabet[Int(bits & 31)], at: 0)
            bits >>= 5
        }
        let tail = (0..<6).map { _ in alphabet[Int.random(in: 0..<32, using: &random)] }
        return prefix + String(head + tail)
    }

    static func make(account: String, prefix: String = "AKIA") -> String {
        var random = SystemRandomNumberGenerator()
        return make(account: account, prefix: prefix, using: &random)
    }
}
