import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `rolesync scan --verify` with the built binary against an emulator that checks every
/// signature: a committed live key is reported live with its identity, a deleted one revoked,
/// a wrong secret revoked, and a canary's key is never sent.
struct ScanVerifyTests {
    struct IssuedKey: Decodable {
        var id: String
        var secret: String
    }

    @Test func liveAndDeletedKeysAreToldApartWithoutShowingEitherSecret() async throws {
        let server = try await EnforcedEmulators.shared.server(for: "scan-verify")
        try await server.resetAuth(initialNoAuthActionCount: EnforcedEmulators.open)
        try await server.reset()
        let issued = try await server.runPython("""
            import boto3, json
            iam = boto3.client("iam")
            iam.create_user(UserName="ci-deployer")
            keys = [iam.create_access_key(UserName="ci-deployer")["AccessKey"] for _ in range(2)]
            # Two keys per user at most, as in AWS: the second is deleted before the third is made.
            iam.delete_access_key(UserName="ci-deployer", AccessKeyId=keys[1]["AccessKeyId"])
            keys.append(iam.create_access_key(UserName="ci-deployer")["AccessKey"])
            print(json.dumps([{"id": k["AccessKeyId"], "secret": k["SecretAccessKey"]} for k in keys]))
            """)
        let keys = try JSONDecoder().decode([IssuedKey].self, from: Data(issued.utf8))
        // Checks on from here; the next test on this server opens the gate again before seeding.
        try await server.resetAuth(initialNoAuthActionCount: 0)

        let directory = try TemporaryDirectory(prefix: "rolesync-scan-verify")
        defer { directory.remove() }
        let wrongSecret = String(keys[2].secret.reversed())
        let files = [
            "live.env": "AWS_ACCESS_KEY_ID=\(keys[0].id)\nAWS_SECRET_ACCESS_KEY=\(keys[0].secret)\n",
            "deleted.py": "boto3.client('s3', aws_access_key_id='\(keys[1].id)', aws_secret_access_key='\(keys[1].secret)')\n",
            "wrong.ini": "[default]\naws_access_key_id = \(keys[2].id)\naws_secret_access_key = \(wrongSecret)\n",
            "alone.sh": "export AWS_SECRET_ACCESS_KEY=Zk3pQ9rT/uV2wX8yA1bC4dE6fG7hJ0kLmN5oPqRs\n",
        ]
        for (name, text) in files { try text.write(to: directory.url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let environment = [
            "HOME": directory.path, "AWS_ENDPOINT_URL": server.endpoint, "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
        ]

        let result = try await RoleSyncBinary.run(["scan", "--verify", "--format", "json", directory.path], environment: environment)

        #expect(result.exitCode == 2, "\(result.stderr)")
        let document = try RoleSyncJSON.decoder().decode(ScanDocument.self, from: Data(result.stdout.utf8))
        func verification(_ file: String, _ kind: String) -> KeyVerification? {
            document.findings.first { $0.path?.hasSuffix(file) == true && $0.kind == kind }?.verification
        }
        #expect(verification("live.env", "access-key-id") == KeyVerification(status: .live, arn: "arn:aws:iam::123456789012:user/ci-deployer"))
        #expect(verification("live.env", "secret-access-key")?.status == .live)
        #expect(verification("deleted.py", "access-key-id") == KeyVerification(status: .revoked, reason: "InvalidClientTokenId"))
        #expect(verification("wrong.ini", "secret-access-key") == KeyVerification(status: .revoked, reason: "SignatureDoesNotMatch"))
        #expect(verification("alone.sh", "secret-access-key")?.status == .unpaired)

        let text = try await RoleSyncBinary.run(["scan", "--verify", directory.path], environment: environment)
        #expect(text.stdout.contains("live as arn:aws:iam::123456789012:user/ci-deployer"), "\(text.stdout)")
        for output in [result.stdout, result.stderr, text.stdout, text.stderr] {
            for key in keys { #expect(!output.contains(key.secret) && !output.contains(key.id)) }
            #expect(!output.contains(wrongSecret))
        }
    }

    @Test func withoutVerifyNoRequestIsMade() async throws {
        let directory = try TemporaryDirectory(prefix: "rolesync-scan-noverify")
        defer { directory.remove() }
        try "AWS_ACCESS_KEY_ID=AKIARZPUZDIKGWOEDYTX\nAWS_SECRET_ACCESS_KEY=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\n"
            .write(to: directory.url.appendingPathComponent("a.env"), atomically: true, encoding: .utf8)
        // An endpoint nothing listens on: any call would fail the scan with exit 1.
        let result = try await RoleSyncBinary.run(
            ["scan", "--format", "json", directory.path],
            environment: ["HOME": directory.path, "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_REGION": "us-east-1"])
        #expect(result.exitCode == 2, "\(result.stderr)")
        let document = try RoleSyncJSON.decoder().decode(ScanDocument.self, from: Data(result.stdout.utf8))
        #expect(document.findings.allSatisfy { $0.verification == nil })
    }
}
