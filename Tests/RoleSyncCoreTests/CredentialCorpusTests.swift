import Foundation
import Testing
@testable import RoleSyncCore

/// Keys in the shapes they are committed in, and near misses that must give nothing.
@Suite struct CredentialCorpusTests {
    static let id = "AKIARZPUZDIKGWOEDYTX"
    static let temporaryId = "ASIARTX3GSDSWWOEDYTX"
    static let secret = "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"
    static let token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDx3mF0kq7Tj1e9Zp0Ls8vWnYc2" +
        "fHtGq5RkX4uB7mNpAiA1yS6dQw8ZrVtLh3JkCe0xPo9UfGbaIsEnMqW2rT4kYyqZAwh7EAAaDDEyMzQ1Njc4OTAxMiIM"

    static let positives: [(shape: String, text: String, kinds: Set<String>)] = [
        ("shell exports", "export AWS_ACCESS_KEY_ID=\(id)\nexport AWS_SECRET_ACCESS_KEY=\(secret)\n", ["access-key-id", "secret-access-key"]),
        ("aws configure set", "aws configure set aws_secret_access_key \(secret)\n", ["secret-access-key"]),
        ("credentials file", "[default]\naws_access_key_id = \(id)\naws_secret_access_key = \(secret)\n", ["access-key-id", "secret-access-key"]),
        ("JSON", "{\"AccessKeyId\": \"\(id)\", \"SecretAccessKey\": \"\(secret)\"}", ["access-key-id", "secret-access-key"]),
        ("YAML", "aws:\n  secretAccessKey: \(secret)\n", ["secret-access-key"]),
        ("TOML", "[aws]\nsecret_key = \"\(secret)\"\n", ["secret-access-key"]),
        (".env without a key id", "AWS_SECRET_ACCESS_KEY=\(secret)\n", ["secret-access-key"]),
        ("boto3 constructor", "boto3.client('s3', aws_access_key_id='\(id)', aws_secret_access_key='\(secret)')", ["access-key-id", "secret-access-key"]),
        ("Java constructor", "new BasicAWSCredentials(\"\(id)\", \"\(secret)\");", ["access-key-id", "secret-access-key"]),
        ("Go constructor", "credentials.NewStaticCredentials(\"\(id)\", \"\(secret)\", \"\")", ["access-key-id", "secret-access-key"]),
        ("JavaScript", "new AWS.Config({ accessKeyId: '\(id)', secretAccessKey: '\(secret)' });", ["access-key-id", "secret-access-key"]),
        ("URL-encoded form", "curl -d 'key=\(id)&secret=\(secret.replacingOccurrences(of: "/", with: "%2F"))'", ["access-key-id", "secret-access-key"]),
        ("session credentials", "aws_access_key_id=\(temporaryId)\naws_secret_access_key=\(secret)\naws_session_token=\(token)\n", ["access-key-id", "secret-access-key", "session-token"]),
    ]

    static let nearMisses: [(shape: String, text: String)] = [
        ("documentation key", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("sha1 beside a keyword", "secret_key_sha1 = 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"),
        ("random base64, no anchor", "data: c2VjcmV0LWJ1dC1ub3QtYW4tYXdzLWtleS1hdC1hbGwtMTIz\nblob: \(secret)"),
        ("40-letter word beside a keyword", "secret_key = pneumonoultramicroscopicsilicovolcanoconi"),
        ("minified JavaScript", "var a=function(b){return b.map(function(c){return c*2})};var secretKey=e.split('/').join('+');"),
        ("path beside a keyword", "secret_key_file = /etc/rolesync/keys/production/aws/secret.key"),
        ("key id too short", "AKIARZPUZDIKGWOEDYT"),
    ]

    @Test(arguments: positives.indices)
    func everyShapeIsFound(_ index: Int) {
        let positive = Self.positives[index]
        let kinds = Set(CredentialScanner.findings(in: positive.text, location: "f").map(\.match.kind.rawValue))
        #expect(kinds == positive.kinds, "\(positive.shape)")
    }

    @Test(arguments: nearMisses.indices)
    func nearMissesGiveNothing(_ index: Int) {
        let miss = Self.nearMisses[index]
        #expect(CredentialScanner.findings(in: miss.text, location: "f").isEmpty, "\(miss.shape)")
    }

    @Test func aURLEncodedSecretHasTheSameFingerprintAsThePlainOne() {
        let plain = CredentialScanner.findings(in: "aws_secret_access_key=\(Self.secret)", location: "a")
        let encoded = CredentialScanner.findings(
            in: "aws_secret_access_key=\(Self.secret.replacingOccurrences(of: "/", with: "%2F"))", location: "b")
        #expect(plain.map(\.fingerprint) == encoded.map(\.fingerprint))
    }
}

/// The byte-level pre-pass never hides a finding: every positive has an anchor, and text
/// without one gives nothing.
@Suite struct SecretAnchorTests {
    @Test func everyPositiveHasAnAnchor() {
        for positive in CredentialCorpusTests.positives {
            #expect(SecretAnchors.present(in: positive.text), "\(positive.shape)")
            #expect(SecretAnchors.present(in: Data(positive.text.utf8)), "\(positive.shape)")
        }
    }

    @Test func anchorsAreFoundInAnyCaseAndAtTheEdges() {
        #expect(SecretAnchors.present(in: "SECRET"))
        #expect(SecretAnchors.present(in: "x_ToKeN"))
        #expect(SecretAnchors.present(in: "A3T"))
        #expect(!SecretAnchors.present(in: "AKI"), "a prefix cut off at the end is no anchor")
        #expect(!SecretAnchors.present(in: "def handler(event):\n    return wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzKEYabc\n"))
    }

    @Test func findingsOnlyEverComeWithAnAnchor() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("AKISCBT3secrtokn_=:/+ \nabcdefghXYZ0123456789")
        for _ in 0..<500 {
            let text = String((0..<300).map { _ in alphabet.randomElement(using: &generator)! })
            if !SecretAnchors.present(in: text) {
                #expect(CredentialScanner.scanLines(of: [UserDataPart(label: "f", text: text)]).isEmpty)
            }
        }
    }
}
