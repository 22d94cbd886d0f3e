import Foundation
import Testing
@testable import RoleSyncCore

/// The pure half of `scan --git` and what every scan reports besides the redacted match.
@Suite struct HistoryScanTests {
    static let keyId = "AKIARZPUZDIKGWOEDYTX"
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzKEYabc"

    @Test(arguments: [
        ("ASIAQNZGKIQY56JQ7WML", "029608264753"),
        ("AKIARZPUZDIKGWOEDYTX", "123456789012"),
        ("ASIARTX3GSDSWWOEDYTX", "111122223333"),
        ("AKIA6RVFFB77WWOEDYTX", "999999999999"),
    ])
    func theAccountIsDecodedFromTheKeyId(keyId: String, account: String) {
        #expect(AccessKeyAccount.decode(keyId) == account)
    }

    @Test func idsWithoutTheLayoutGiveNoAccount() {
        #expect(AccessKeyAccount.decode("AKIAIOSFODNN7ABCDEFG") == nil, "AKIAI… ids predate the layout")
        #expect(AccessKeyAccount.decode("AKIAJ2345678ABCDEFGH") == nil)
        #expect(AccessKeyAccount.decode("AKIA1234") == nil)
        #expect(AccessKeyAccount.decode("AKIA0000000000000000") == nil, "0 and 1 are not base32")
    }

    @Test func anAllowCommentWithAReasonAcceptsItsLine() {
        let text = """
            a = \(Self.keyId) # rolesync:allow test fixture of the docs
            b = \(Self.keyId) # rolesync:allow
            """
        let found = CredentialScanner.findings(in: text, location: "f")
        #expect(found.map(\.match.line) == [2], "a bare marker gives no reason, so it accepts nothing")
        #expect(found.first?.account == "123456789012")
    }

    @Test func aSecretIsOneFindingAtItsFirstCommitWhereverItMoved() {
        let finding = CredentialScanner.findings(in: "aws_secret_access_key = \(Self.secret)", location: "x").first!
        let date = Date(timeIntervalSince1970: 1_780_000_000)
        let blobs = [
            ScannedBlob(blob: "b1", path: "creds.ini", commit: "c1", author: "Ann", date: date, findings: [relocated(finding, line: 3)]),
            ScannedBlob(blob: "b2", path: "moved/creds.ini", commit: "c2", author: "Bob", date: date, findings: [finding]),
        ]

        let gone = HistoryScan.findings(blobs, tipBlobs: ["other"])
        let kept = HistoryScan.findings(blobs, tipBlobs: ["b2"])

        #expect(gone.count == 1 && gone[0].location == "creds.ini:3" && gone[0].commit == "c1" && gone[0].author == "Ann")
        #expect(gone[0].stillPresent == false && kept[0].stillPresent == true)
    }

    @Test func aBaselineAcceptsWhatItListedAndCountsIt() throws {
        let findings = CredentialScanner.findings(in: "k = \(Self.keyId)\naws_secret_access_key = \(Self.secret)", location: "f")
        let document = ScanDocument(findings: findings.map(ScanFinding.init))
        var earlier = document
        earlier.findings.removeLast()
        let baseline = try ScanDocument.baselineFingerprints(from: RoleSyncJSON.encoder().encode(earlier))

        let now = document.excluding(baseline: baseline)

        #expect(now.findings.count == 1 && now.skipped.baseline == 1)
    }

    @Test func sarifTracksEachSecretByItsFingerprint() throws {
        let findings = CredentialScanner.findings(in: "k = \(Self.keyId)", location: "app/config.py")
        let sarif = try JSONSerialization.jsonObject(with: ScanSARIFReport.render(ScanDocument(findings: findings.map(ScanFinding.init))))
        let result = try #require(((sarif as? [String: Any])?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]).first
        #expect(result?["ruleId"] as? String == "access-key-id")
        #expect((result?["partialFingerprints"] as? [String: String])?["rolesyncSecret/v1"] == findings[0].fingerprint)
        let location = (result?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect((location?["artifactLocation"] as? [String: String])?["uri"] == "app/config.py")
        #expect((location?["region"] as? [String: Int])?["startLine"] == 1)
    }

    /// No output form ever holds a whole secret: random keys through text, JSON and SARIF.
    @Test func noFullSecretAppearsInAnyOutput() throws {
        var generator = SystemRandomNumberGenerator()
        let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+")
        let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        for _ in 0..<200 {
            let secret = String((0..<40).map { _ in secretAlphabet.randomElement(using: &generator)! })
            let keyId = "AKIA" + String((0..<16).map { _ in idAlphabet.randomElement(using: &generator)! })
            let text = "export AWS_ACCESS_KEY_ID=\(keyId)\nexport AWS_SECRET_ACCESS_KEY=\(secret)\n"
            let findings = CredentialScanner.findings(in: text, location: "env.sh")
            let document = ScanDocument(findings: findings.map(ScanFinding.init))
            let outputs = [
                document.findings.map(\.line).joined(separator: "\n"),
                String(decoding: try RoleSyncJSON.encoder().encode(document), as: UTF8.self),
                String(decoding: ScanSARIFReport.render(document), as: UTF8.self),
            ]
            #expect(findings.count >= 1)
            for output in outputs {
                #expect(!output.contains(secret) && !output.contains(keyId))
            }
        }
    }

    private func relocated(_ finding: SecretFinding, line: Int) -> SecretFinding {
        var moved = finding
        moved.match.line = line
        return moved
    }
}
