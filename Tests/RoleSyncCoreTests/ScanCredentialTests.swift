import Foundation
import Testing
@testable import RoleSyncCore

/// Made-up keys in the shape of real ones (never issued by AWS).
enum FakeKeys {
    static let accessKeyId = "AKIABEGZGSYEBANND6YZ"
    static let secret = "575yx8xm5MslfY5ubiheyEd7P4zDL+ak6J0kGODK"

    /// A bootstrap script with both keys on lines 4 and 5.
    static let script = """
        #!/bin/bash
        set -e
        yum install -y awscli
        export AWS_ACCESS_KEY_ID=\(accessKeyId)
        export AWS_SECRET_ACCESS_KEY=\(secret)
        aws s3 cp s3://bucket/app.tar.gz /opt/

        """

    /// `script`, gzip-compressed by Python's `gzip` module, then base64.
    static let gzippedScript = """
        H4sIAAAAAAAC/02NTQuCMABA7/sVi46hC0qNwMPUIWZZtCD0ItNWil+jTVJ/fR69vNN7vPUKZWWLMiYLILmCGgdj38CylYrVNdRGyH4y\
        r0vAB9F9FcRPmmLXJZSmIYnTwLNxGGCH+IlPY+LgKPLMOFnalLh38lhEtmEZ43AYGuMi63ds9FlZ8JG8rNt+8s4bVpmnbeVfvRDMayh3\
        MBczjwhlfV5xhZgQumJf/TNB1AmFwB92bY6ExAAAAA==
        """
}

@Test func scannerFindsBothKeysAndRedactsThem() {
    let matches = CredentialScanner.scan(text: FakeKeys.script, location: "user-data")
    #expect(matches == [
        SecretMatch(kind: .accessKeyId, redacted: "AKIA…D6YZ", location: "user-data:4", line: 4),
        SecretMatch(kind: .secretAccessKey, redacted: SecretMatch.secretMask, location: "user-data:5", line: 5),
    ])
    let rendered = "\(matches)"
    #expect(!rendered.contains(FakeKeys.accessKeyId) && !rendered.contains(FakeKeys.secret))
}

struct ScanCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var kinds: [SecretMatch.Kind]
    var testDescription: String { name }
}

@Test(arguments: [
    ScanCase(name: "documentation key ignored", text: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", kinds: []),
    ScanCase(name: "session key id", text: "ASIAY34FZKBOKMUTVV7A", kinds: [.accessKeyId]),
    ScanCase(name: "A3T prefix", text: "key=A3TXY34FZKBOKMUTVV7A;", kinds: [.accessKeyId]),
    ScanCase(name: "lower-case is not a key id", text: "akiay34fzkbokmutvv7a", kinds: []),
    ScanCase(name: "digits 0, 1, 8, 9 are not base32", text: "AKIAY34FZKBOKMUTVV01", kinds: []),
    ScanCase(name: "part of a longer word", text: "XAKIAY34FZKBOKMUTVV7A", kinds: []),
    ScanCase(name: "low-entropy secret ignored",
             text: "aws_secret_access_key = aaaaaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbbbbb", kinds: []),
    ScanCase(name: "secret by keyword alone",
             text: "aws_secret_access_key = \(FakeKeys.secret)", kinds: [.secretAccessKey]),
    ScanCase(name: "secret far from any anchor ignored",
             text: "\(FakeKeys.accessKeyId)\n\n\n\n\(FakeKeys.secret)", kinds: [.accessKeyId]),
    ScanCase(name: "41 characters is not a secret",
             text: "aws_secret_access_key = \(FakeKeys.secret)x", kinds: []),
])
func scannerRules(_ row: ScanCase) {
    #expect(CredentialScanner.scan(text: row.text, location: "f").map(\.kind) == row.kinds)
}

@Test func shannonEntropySeparatesWordsFromKeys() {
    #expect(CredentialScanner.shannonEntropy("aaaa") == 0)
    #expect(abs(CredentialScanner.shannonEntropy("abcd") - 2) < 1e-9)
    #expect(CredentialScanner.shannonEntropy(FakeKeys.secret) >= 4)
}

@Test func gzippedUserDataIsScannedWithLineNumbers() {
    #expect(UserDataDecoder.decode(base64: FakeKeys.gzippedScript).texts == [FakeKeys.script])
    let inspection = CredentialScanner.inspectUserData(base64: FakeKeys.gzippedScript)
    #expect(inspection.isComplete)
    #expect(inspection.matches.map(\.location) == ["user-data:4", "user-data:5"])
}

@Test func plainUserDataDecodes() {
    let base64 = Data("#cloud-config\npackages: [jq]\n".utf8).base64EncodedString()
    let decoding = UserDataDecoder.decode(base64: base64)
    #expect(decoding.texts == ["#cloud-config\npackages: [jq]\n"])
    #expect(decoding.isComplete && decoding.decodedBytes == 29)
}

@Test func multipartUserDataIsSplitAndBase64PartsDecoded() {
    let encodedScript = Data(FakeKeys.script.utf8).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
    let document = """
        Content-Type: multipart/mixed; boundary="===============4242=="
        MIME-Version: 1.0

        --===============4242==
        Content-Type: text/cloud-config; charset="us-ascii"

        #cloud-config
        runcmd: [echo hi]

        --===============4242==
        Content-Type: text/x-shellscript; charset="us-ascii"
        Content-Transfer-Encoding: base64

        \(encodedScript)
        --===============4242==--
        """.replacingOccurrences(of: "\n", with: "\r\n")
    let decoding = UserDataDecoder.decode(base64: Data(document.utf8).base64EncodedString())
    #expect(decoding.isComplete, "\(decoding.problems)")
    let parts = decoding.parts
    #expect(parts.map(\.label) == ["user-data/part-1", "user-data/part-2"])
    #expect(parts.first?.text == "#cloud-config\nruncmd: [echo hi]\n")
    #expect(parts.last?.text == FakeKeys.script)
    let matches = CredentialScanner.inspectUserData(base64: Data(document.utf8).base64EncodedString()).matches
    #expect(matches.map(\.location) == ["user-data/part-2:4", "user-data/part-2:5"])
}

@Test func matchBecomesAnInventoryFinding() {
    let match = SecretMatch(kind: .accessKeyId, redacted: "AKIA…D6YZ", location: "user-data:4", line: 4)
    #expect(match.finding(instanceId: "i-1", target: Fixture.east)
            == CredentialFinding(instanceId: "i-1", target: Fixture.east, location: "user-data:4",
                                 redactedKeyId: "AKIA…D6YZ", kind: "access-key-id"))
}

@Test func invalidBase64IsAProblemNotACleanResult() {
    let decoding = UserDataDecoder.decode(base64: "%%%")
    #expect(decoding.parts.map(\.text) == [""])
    #expect(decoding.problems.map(\.kind) == [.invalidBase64])
}
