import Foundation
import Testing
@testable import RoleSyncCore

/// For generated keys in every committed shape, with and without history and verification
/// answers: no output format of `rolesync scan` holds a secret key, a session token or a full
/// key id, nor any 12 characters in a row of a secret.
@Suite struct ScanSecrecyPropertyTests {
    static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    struct Keys {
        var id: String
        var secret: String
        var token: String
    }

    static func keys(_ random: inout SeededGenerator) -> Keys {
        let account = String(format: "%012llu", UInt64.random(in: 1..<1_000_000_000_000, using: &random))
        let prefix = ["AKIA", "ASIA", "ABIA", "ACCA"].randomElement(using: &random)!
        func base64(_ count: Int) -> String {
            String((0..<count).map { _ in base64Alphabet.randomElement(using: &random)! })
        }
        return Keys(id: KeyIds.make(account: account, prefix: prefix, using: &random), secret: base64(40), token: base64(160))
    }

    static let shapes: [@Sendable (Keys) -> String] = [
        { "export AWS_ACCESS_KEY_ID=\($0.id)\nexport AWS_SECRET_ACCESS_KEY=\($0.secret)\nexport AWS_SESSION_TOKEN=\($0.token)\n" },
        { "[default]\naws_access_key_id = \($0.id)\naws_secret_access_key = \($0.secret)\naws_session_token = \($0.token)\n" },
        { "{\"AccessKeyId\": \"\($0.id)\", \"SecretAccessKey\": \"\($0.secret)\", \"SessionToken\": \"\($0.token)\"}" },
        { "boto3.client('s3', aws_access_key_id='\($0.id)', aws_secret_access_key='\($0.secret)')" },
        { "curl -d 'key=\($0.id)&secret=\($0.secret.replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: "+", with: "%2B"))'" },
        { "aws configure set aws_secret_access_key \($0.secret)\naws configure set aws_access_key_id \($0.id)\n" },
    ]

    @Test func noOutputFormatHoldsASecret() throws {
        var random = SeededGenerator(seed: 0x5ec7e7)
        for round in 0..<300 {
            let keys = Self.keys(&random)
            let text = Self.shapes[round % Self.shapes.count](keys)
            let scanned = CredentialScanner.findingsAndPairs(in: text, location: "repo/file\(round).txt")
            try #require(!scanned.findings.isEmpty, "round \(round) found nothing in:\n\(text)")
            var document = ScanDocument(findings: scanned.findings.map(ScanFinding.init))
            if round % 2 == 0 {
                let blob = ScannedBlob(
                    blob: "b\(round)", path: "repo/file\(round).txt", commit: String(repeating: "a", count: 40), author: "Ann",
                    date: Date(timeIntervalSince1970: 1_700_000_000), findings: scanned.findings)
                document = ScanDocument(findings: HistoryScan.findings([blob], tipBlobs: ["b\(round)"]), commits: 1)
            }
            let answers: [KeyVerification] = [
                KeyVerification(status: .live, arn: "arn:aws:iam::123456789012:user/ci"),
                KeyVerification(status: .revoked, reason: "InvalidClientTokenId"),
                KeyVerification(status: .unknown, reason: "timed out after 10 s"),
            ]
            document = document.markingCanaries(CanaryAccounts.known)
                .applying(scanned.pairs.map { ($0, answers[round % answers.count]) })
            var outputs = document.findings.map(\.line)
            outputs.append(String(decoding: try RoleSyncJSON.encoder().encode(document), as: UTF8.self))
            outputs.append(String(decoding: ScanSARIFReport.render(document), as: UTF8.self))
            outputs += scanned.pairs.map { "\($0) \(String(reflecting: $0))" }
            for output in outputs {
                #expect(!output.contains(keys.id), "round \(round): full key id shown")
                #expect(!output.contains(keys.token), "round \(round): session token shown")
                for start in stride(from: 0, through: keys.secret.count - 12, by: 4) {
                    let window = keys.secret.dropFirst(start).prefix(12)
                    #expect(!output.contains(window), "round \(round): part of the secret shown")
                }
            }
        }
    }
}
