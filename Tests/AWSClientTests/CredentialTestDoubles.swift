import AWSClient
import Foundation
import NIOCore
import TestSupport

/// Stands in for STS in credential-chain tests (STS itself is tested against the emulator):
/// records each call and answers with numbered temporary credentials.
final class RecordingRoleAssumer: RoleAssuming, @unchecked Sendable {
    struct AssumeRoleCall: Equatable {
        var roleArn: String
        var sessionName: String
        var externalId: String?
        var credentials: AWSCredentials
    }

    struct WebIdentityCall: Equatable {
        var roleArn: String
        var sessionName: String
        var token: String
    }

    private let lock = NSLock()
    private var assumeRoleCalls: [AssumeRoleCall] = []
    private var webIdentityCalls: [WebIdentityCall] = []
    private let failure: (any Error)?

    init(failingWith failure: (any Error)? = nil) {
        self.failure = failure
    }

    var assumeRoles: [AssumeRoleCall] { lock.withLock { assumeRoleCalls } }
    var webIdentities: [WebIdentityCall] { lock.withLock { webIdentityCalls } }

    func assumeRole(
        roleArn: String, sessionName: String, externalId: String?, using credentials: AWSCredentials
    ) async throws -> AWSCredentials {
        let count = lock.withLock {
            assumeRoleCalls.append(AssumeRoleCall(roleArn: roleArn, sessionName: sessionName, externalId: externalId, credentials: credentials))
            return assumeRoleCalls.count
        }
        if let failure { throw failure }
        return Self.temporary(number: count)
    }

    func assumeRoleWithWebIdentity(roleArn: String, sessionName: String, webIdentityToken: String) async throws -> AWSCredentials {
        let count = lock.withLock {
            webIdentityCalls.append(WebIdentityCall(roleArn: roleArn, sessionName: sessionName, token: webIdentityToken))
            return webIdentityCalls.count
        }
        if let failure { throw failure }
        return Self.temporary(number: count)
    }

    static func temporary(number: Int) -> AWSCredentials {
        AWSCredentials(
            accessKeyId: "ASIAASSUMED00000000\(number)", secretAccessKey: "assumedSecret\(number)",
            sessionToken: "assumedToken\(number)", expiration: ManualTime.start.addingTimeInterval(3600))
    }
}

/// Secrets written into test fixtures; no error message may contain any of them.
enum FixtureSecrets {
    static let environmentSecret = "envSecretKeyEXAMPLEenvSecretKeyEXAMPLE01"
    static let defaultSecret = "defaultSecretEXAMPLEdefaultSecretEXAMPL2"
    static let devSecret = "devSecretEXAMPLEdevSecretEXAMPLEdevSecr3"
    static let webToken = "eyJhbGciOiJSUzI1NiJ9.webIdentityTokenBody.sig"
    static let containerToken = "containerAuthTokenEXAMPLE"
    static let all = [environmentSecret, defaultSecret, devSecret, webToken, containerToken]

    static func leaked(in text: String) -> [String] {
        all.filter { text.contains($0) }
    }
}

/// A temporary home directory with `.aws/credentials` and `.aws/config`.
struct AWSHome {
    let directory: TemporaryDirectory

    init(credentials: String? = nil, config: String? = nil) throws {
        directory = try TemporaryDirectory(prefix: "rolesync-aws-home")
        if let credentials { try directory.write(credentials, to: ".aws/credentials") }
        if let config { try directory.write(config, to: ".aws/config") }
    }

    var url: URL { directory.url }

    func remove() { directory.remove() }

    static let standardCredentials = """
        # keys for everyday use
        [default]
        aws_access_key_id = AKIADEFAULT000000001
        aws_secret_access_key = \(FixtureSecrets.defaultSecret)

        [dev]
        aws_access_key_id=AKIADEVKEY0000000002
        aws_secret_access_key=\(FixtureSecrets.devSecret)
        """

    static let standardConfig = """
        [default]
        region = eu-west-1

        ; a profile assuming a role with dev's keys
        [profile ops]
        role_arn = arn:aws:iam::111122223333:role/rolesync
        source_profile = dev
        external_id = ext-42
        role_session_name = nightly
        region = us-east-2

        [profile dev]
        region = eu-central-1
        """
}

/// Answers of the fake metadata endpoints.
enum MetadataFixtures {
    /// The `number`-th credentials document: its key id carries the number, and it expires
    /// `number` hours after the manual clock's start.
    static func document(number: Int) -> String {
        let expiration = ManualTime.start.addingTimeInterval(3600 * Double(number)).formatted(.iso8601)
        return """
            {"Code": "Success", "LastUpdated": "2023-11-14T22:00:00Z", "Type": "AWS-HMAC",
             "AccessKeyId": "ASIAIMDS00000000000\(number)", "SecretAccessKey": "imdsSecret\(number)",
             "Token": "imdsToken\(number)", "Expiration": "\(expiration)"}
            """
    }

    /// Generous, because test machines can be busy; production uses one second.
    static let loopbackTimeout = TimeAmount.seconds(10)
}
