import Foundation
import Testing
import TestSupport

/// `rolesync aws whoami` when it cannot answer: exit status 1 and one readable line saying
/// why, naming the providers tried or the AWS error code, never a dump of Swift types.
@Suite("rolesync aws whoami failures")
struct WhoAmIFailureTests {
    /// Every provider of the default chain, by the name the message uses.
    static let providers = ["environment", "web-identity", "shared-config", "container", "imds"]

    @Test("no credentials anywhere: exit 1, every provider named with why it had none")
    func noCredentials() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()

        let result = try await moto.runWhoAmI()

        #expect(result.exitCode == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("no AWS credentials found"))
        for provider in Self.providers {
            #expect(result.stderr.contains("\(provider): "), "\(provider) missing from: \(result.stderr)")
        }
        #expect(result.stderr.contains("AWS_EC2_METADATA_DISABLED=true"))
        Self.expectReadable(result.stderr)
    }

    @Test("metadata service enabled but nothing listening: still exit 1 with the providers tried")
    func metadataServiceUnreachable() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()
        let silentPort = try LoopbackPort.free()

        let result = try await moto.runWhoAmI(environment: [
            "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(silentPort)",
        ])

        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("no AWS credentials found"))
        #expect(result.stderr.contains("imds: no instance metadata service at http://127.0.0.1:\(silentPort)"))
        Self.expectReadable(result.stderr)
    }

    @Test("a wrong secret: exit 1 naming SignatureDoesNotMatch, and no secret printed")
    func wrongSecret() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()
        let wrongSecret = "wrongSecretWrongSecretWrongSecretWrong00"

        let result = try await moto.runWhoAmI(environment: [
            "AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": wrongSecret,
        ])

        #expect(result.exitCode == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("GetCallerIdentity failed: SignatureDoesNotMatch (HTTP 403)"))
        #expect(!result.stderr.contains(wrongSecret))
        Self.expectReadable(result.stderr)
    }

    @Test("an access key the emulator does not know: exit 1 naming the AWS error code")
    func unknownAccessKey() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()

        let result = try await moto.runWhoAmI(environment: [
            "AWS_ACCESS_KEY_ID": "AKIAUNKNOWNKEY000000", "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey,
        ])

        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("GetCallerIdentity failed: InvalidClientTokenId (HTTP 403)"))
        Self.expectReadable(result.stderr)
    }

    @Test("a profile that does not exist stops the chain and says where it looked")
    func missingProfile() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()

        let result = try await moto.runWhoAmI(["--profile", "nowhere"])

        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("shared-config: profile \"nowhere\" not found in ~/.aws/credentials or ~/.aws/config"))
        Self.expectReadable(result.stderr)
    }

    /// One `Error: …` line, no Swift type names (`AWSClient.`, `Swift.`) or dumped structs.
    static func expectReadable(_ stderr: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line: \(stderr)", sourceLocation: sourceLocation)
        #expect(stderr.hasPrefix("Error: "), "\(stderr)", sourceLocation: sourceLocation)
        for typeTrace in ["AWSClient.", "Swift.", "Optional(", "underlying:", "CredentialProviderError("] {
            #expect(!stderr.contains(typeTrace), "\(typeTrace) in: \(stderr)", sourceLocation: sourceLocation)
        }
    }
}
