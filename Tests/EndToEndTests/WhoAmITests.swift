import Foundation
import Testing
import TestSupport

/// `rolesync aws whoami` run as a user runs it, against an emulator that checks signatures:
/// each credential source of the default chain yields the emulator user's identity and is
/// named on the `source:` line; missing or wrong keys fail with a message a person can act on.
@Suite("rolesync aws whoami")
struct WhoAmITests {
    @Test("keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: source environment")
    func environmentKeys() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()

        let result = try await moto.runWhoAmI(environment: [
            "AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey,
        ])

        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == WhoAmIFixture.expectedOutput(source: "environment"))
    }

    @Test("keys from a named profile in the shared files: source shared-config:<profile>")
    func sharedConfigProfile() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()
        let files = try TemporaryDirectory(prefix: "rolesync-whoami-config")
        defer { files.remove() }
        // The default profile's keys are wrong: only --profile can make the call succeed.
        let credentialsFile = try files.write("""
            [default]
            aws_access_key_id = AKIADEFAULTPROFILE00
            aws_secret_access_key = not-the-secret-of-anyone-at-all-0000000000

            [ops]
            aws_access_key_id = \(moto.accessKeyId)
            aws_secret_access_key = \(moto.secretAccessKey)
            """, to: "credentials")
        let configFile = try files.write("""
            [profile ops]
            region = us-east-1
            """, to: "config")

        let result = try await moto.runWhoAmI(["--profile", "ops"], environment: [
            "AWS_SHARED_CREDENTIALS_FILE": credentialsFile.path, "AWS_CONFIG_FILE": configFile.path,
        ])

        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == WhoAmIFixture.expectedOutput(source: "shared-config:ops"))
    }

    @Test("the instance role's session from the metadata service (IMDSv2 on loopback): source imds")
    func instanceMetadata() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()
        try await WhoAmIMetadataServer.serving(moto.instanceCredentials) { metadata in
            let result = try await moto.runWhoAmI(environment: [
                "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": metadata.endpoint,
            ])

            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            #expect(result.stdout == WhoAmIFixture.expectedOutput(source: "imds", arn: WhoAmIFixture.instanceRoleSessionArn))
            let role = WhoAmIMetadataServer.credentialsPath + WhoAmIMetadataServer.role
            #expect(metadata.requests == [
                MetadataRequest(method: "PUT", path: "/latest/api/token", hadToken: false),
                MetadataRequest(method: "GET", path: WhoAmIMetadataServer.credentialsPath, hadToken: true),
                MetadataRequest(method: "GET", path: role, hadToken: true),
            ])
        }
    }

    @Test("environment keys win over a profile and the metadata service")
    func environmentComesFirst() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()
        try await WhoAmIMetadataServer.serving(moto.instanceCredentials) { metadata in
            let result = try await moto.runWhoAmI(environment: [
                "AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey,
                "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": metadata.endpoint,
            ])

            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            #expect(result.stdout == WhoAmIFixture.expectedOutput(source: "environment"))
            #expect(metadata.requests.isEmpty)
        }
    }
}
