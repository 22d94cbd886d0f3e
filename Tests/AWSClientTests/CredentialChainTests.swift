import AWSClient
import AsyncHTTPClient
import Foundation
import Testing

@Suite("Default credential chain")
struct CredentialChainTests {
    /// Keeps every test off the real instance metadata service.
    static let offEC2 = ["AWS_EC2_METADATA_DISABLED": "true"]

    let time = ManualTime()
    let assumer = RecordingRoleAssumer()

    func chain(_ environment: [String: String], home: AWSHome, profile: String? = nil) -> DefaultCredentialChain {
        DefaultCredentialChain(
            environment: Self.offEC2.merging(environment) { _, new in new }, homeDirectory: home.url, profile: profile,
            httpClient: HTTPClient.shared, roleAssumer: assumer, clock: time)
    }

    @Test("environment keys win over the shared files")
    func environmentWins() async throws {
        let home = try AWSHome(credentials: AWSHome.standardCredentials)
        defer { home.remove() }
        let resolved = try await chain([
            "AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT00001", "AWS_SECRET_ACCESS_KEY": FixtureSecrets.environmentSecret,
            "AWS_SESSION_TOKEN": "envToken",
        ], home: home).resolve()
        #expect(resolved.source == "environment")
        #expect(resolved.credentials == AWSCredentials(
            accessKeyId: "AKIAENVIRONMENT00001", secretAccessKey: FixtureSecrets.environmentSecret, sessionToken: "envToken"))
    }

    @Test("profile selection: argument, then AWS_PROFILE, then default", arguments: [
        (nil as String?, nil as String?, "default", "AKIADEFAULT000000001"),
        (nil, "dev", "dev", "AKIADEVKEY0000000002"),
        ("dev", "default", "dev", "AKIADEVKEY0000000002"),
    ])
    func profileSelection(argument: String?, awsProfile: String?, expectedProfile: String, expectedKey: String) async throws {
        let home = try AWSHome(credentials: AWSHome.standardCredentials)
        defer { home.remove() }
        var environment: [String: String] = [:]
        environment["AWS_PROFILE"] = awsProfile
        let resolved = try await chain(environment, home: home, profile: argument).resolve()
        #expect(resolved.source == "shared-config:\(expectedProfile)")
        #expect(resolved.credentials.accessKeyId == expectedKey)
    }

    @Test("role_arn with source_profile assumes the role with the source profile's keys")
    func sourceProfile() async throws {
        let home = try AWSHome(credentials: AWSHome.standardCredentials, config: AWSHome.standardConfig)
        defer { home.remove() }
        let resolved = try await chain([:], home: home, profile: "ops").resolve()
        #expect(resolved.source == "assume-role:ops")
        #expect(resolved.credentials == RecordingRoleAssumer.temporary(number: 1))
        #expect(assumer.assumeRoles == [.init(
            roleArn: "arn:aws:iam::111122223333:role/rolesync", sessionName: "nightly", externalId: "ext-42",
            credentials: AWSCredentials(accessKeyId: "AKIADEVKEY0000000002", secretAccessKey: FixtureSecrets.devSecret))])
    }

    @Test("chained roles assume each role with the previous one's credentials")
    func chainedRoles() async throws {
        let config = """
            [profile top]
            role_arn = arn:aws:iam::333333333333:role/top
            source_profile = middle
            [profile middle]
            role_arn = arn:aws:iam::222222222222:role/middle
            source_profile = dev
            """
        let home = try AWSHome(credentials: AWSHome.standardCredentials, config: config)
        defer { home.remove() }
        let resolved = try await chain([:], home: home, profile: "top").resolve()
        #expect(resolved.source == "assume-role:top")
        let calls = assumer.assumeRoles
        #expect(calls.map(\.roleArn) == ["arn:aws:iam::222222222222:role/middle", "arn:aws:iam::333333333333:role/top"])
        #expect(calls.first?.credentials.accessKeyId == "AKIADEVKEY0000000002")
        #expect(calls.last?.credentials == RecordingRoleAssumer.temporary(number: 1))
        #expect(calls.allSatisfy { $0.sessionName == "rolesync-1700000000" })
    }

    @Test("a source_profile cycle is refused without calling STS")
    func cycle() async throws {
        let config = """
            [profile a]
            role_arn = arn:aws:iam::111122223333:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::111122223333:role/b
            source_profile = a
            """
        let home = try AWSHome(config: config)
        defer { home.remove() }
        let error = try await #require(throws: CredentialsNotFound.self) {
            try await chain([:], home: home, profile: "a").resolve()
        }
        #expect("\(error)".contains(#"source_profile cycle: "a" -> "b" -> "a""#))
        #expect(assumer.assumeRoles.isEmpty)
    }

    @Test("credential_source = Environment assumes the role with the environment's keys")
    func credentialSourceEnvironment() async throws {
        let home = try AWSHome(config: "[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/ci\ncredential_source = Environment\n")
        defer { home.remove() }
        // With AWS_PROFILE naming a role profile, the environment keys are only its source:
        // the environment provider wins the chain, so ask the shared-config provider directly.
        let provider = SharedConfigCredentialProvider(
            environment: ["AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT00001", "AWS_SECRET_ACCESS_KEY": FixtureSecrets.environmentSecret],
            homeDirectory: home.url, profile: "ci", roleAssumer: assumer, httpClient: HTTPClient.shared, clock: time)
        let resolved = try await provider.resolve()
        #expect(resolved.source == "assume-role:ci")
        #expect(assumer.assumeRoles.first?.credentials.accessKeyId == "AKIAENVIRONMENT00001")
    }

    @Test("web identity: the token file's contents go to AssumeRoleWithWebIdentity")
    func webIdentity() async throws {
        let home = try AWSHome(credentials: AWSHome.standardCredentials)
        defer { home.remove() }
        let tokenFile = try home.directory.write(FixtureSecrets.webToken + "\n", to: "token")
        let resolved = try await chain([
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path, "AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/web",
            "AWS_ROLE_SESSION_NAME": "pod-1",
        ], home: home).resolve()
        #expect(resolved.source == "web-identity")
        #expect(assumer.webIdentities == [.init(roleArn: "arn:aws:iam::111122223333:role/web", sessionName: "pod-1", token: FixtureSecrets.webToken)])
    }

    @Test("nothing configured: the error lists every provider asked and why")
    func nothingFound() async throws {
        let home = try AWSHome()
        defer { home.remove() }
        let error = try await #require(throws: CredentialsNotFound.self) {
            try await chain([:], home: home).resolve()
        }
        #expect(error.attempts.map(\.provider) == ["environment", "web-identity", "shared-config", "container", "imds"])
        #expect(error.description == """
            no AWS credentials found: environment: AWS_ACCESS_KEY_ID not set; \
            web-identity: AWS_WEB_IDENTITY_TOKEN_FILE not set; \
            shared-config: profile "default" not found in ~/.aws/credentials or ~/.aws/config; \
            container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI not set; \
            imds: AWS_EC2_METADATA_DISABLED=true
            """)
    }

    @Test("a profile named explicitly but missing stops the chain")
    func namedProfileMissing() async throws {
        let home = try AWSHome(credentials: AWSHome.standardCredentials)
        defer { home.remove() }
        let error = try await #require(throws: CredentialsNotFound.self) {
            try await chain(["AWS_PROFILE": "prod"], home: home).resolve()
        }
        #expect(error.attempts.last?.provider == "shared-config")
        #expect(error.attempts.last?.stoppedChain == true)
        #expect(error.description.contains(#"profile "prod" not found in ~/.aws/credentials"#))
    }

    @Test("errors never contain a secret", arguments: [
        (["AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT00001"], "environment"),
        (["AWS_PROFILE": "halfkeys"], "shared-config"),
        (["AWS_PROFILE": "ops"], "shared-config"),
        ([
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": FixtureSecrets.containerToken,
        ], "container"),
    ])
    func noSecretsInErrors(environment: [String: String], failingProvider: String) async throws {
        let credentials = AWSHome.standardCredentials + "\n[halfkeys]\naws_secret_access_key = \(FixtureSecrets.environmentSecret)\n"
        let home = try AWSHome(credentials: credentials, config: AWSHome.standardConfig)
        defer { home.remove() }
        let failingAssumer = RecordingRoleAssumer(failingWith: SampleErrors.service("AccessDenied", status: 403, action: "AssumeRole"))
        let chain = DefaultCredentialChain(
            environment: Self.offEC2.merging(environment) { _, new in new }, homeDirectory: home.url,
            httpClient: HTTPClient.shared, roleAssumer: failingAssumer, clock: time)
        let error = try await #require(throws: CredentialsNotFound.self) { try await chain.resolve() }
        #expect(FixtureSecrets.leaked(in: "\(error)").isEmpty)
        #expect(FixtureSecrets.leaked(in: String(reflecting: error)).isEmpty)
        #expect(error.attempts.last?.provider == failingProvider)
        #expect(error.attempts.last?.stoppedChain == true)
    }
}

/// Plain HTTP to a container credentials endpoint is allowed only to a loopback address
/// literal, never to a name that merely starts like one.
@Test(arguments: [
    ("127.0.0.1", true), ("127.1.2.3", true), ("127.attacker.example", false), ("127.0.0.1.nip.io", false),
    ("128.0.0.1", false), ("127.0.0.256", false), ("127..0.1", false),
])
func containerLoopbackLiteral(host: String, loopback: Bool) {
    #expect(ContainerCredentialProvider.isLoopbackIPv4Literal(host) == loopback)
}
