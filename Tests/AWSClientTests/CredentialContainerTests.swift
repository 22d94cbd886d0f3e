import AWSClient
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import TestSupport

/// The container credentials endpoint played by a real HTTP server on loopback.
@Suite("Container credentials")
struct CredentialContainerTests {
    let time = ManualTime()

    static func startContainerEndpoint() async throws -> LoopbackHTTPServer {
        try await LoopbackHTTPServer.start { request in
            guard request.path == "/v2/credentials/abc" else { return LoopbackResponse(.notFound) }
            guard request.headers["Authorization"] == [FixtureSecrets.containerToken] else {
                return LoopbackResponse(.unauthorized, body: #"{"Message": "bad token"}"#)
            }
            return LoopbackResponse(body: MetadataFixtures.document(number: 7))
        }
    }

    func container(_ server: LoopbackHTTPServer, _ environment: [String: String]) -> ContainerCredentialProvider {
        ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/v2/credentials/abc"]
                .merging(environment) { _, new in new },
            httpClient: HTTPClient.shared, timeout: MetadataFixtures.loopbackTimeout)
    }

    @Test("container endpoint with the authorization token from the environment")
    func containerWithToken() async throws {
        let server = try await Self.startContainerEndpoint()
        let resolved = try await container(server, ["AWS_CONTAINER_AUTHORIZATION_TOKEN": FixtureSecrets.containerToken]).resolve()
        try await server.stop()
        #expect(resolved.source == "container")
        #expect(resolved.credentials.accessKeyId == "ASIAIMDS000000000007")
        #expect(resolved.credentials.expiration == ManualTime.start.addingTimeInterval(7 * 3600))
    }

    @Test("an endpoint that fails twice is tried three times, 1 s apart, as botocore does")
    func containerRetried() async throws {
        let served = LockedBox(0)
        let server = try await LoopbackHTTPServer.start { _ in
            served.set(served.get() + 1)
            return served.get() <= 2 ? LoopbackResponse(.serviceUnavailable) : LoopbackResponse(body: MetadataFixtures.document(number: 7))
        }
        let provider = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/v2/credentials/abc"],
            httpClient: HTTPClient.shared, timeout: MetadataFixtures.loopbackTimeout, sleeper: time)
        let resolved = try await provider.resolve()
        #expect(resolved.credentials.accessKeyId == "ASIAIMDS000000000007")
        #expect(time.recordedSleeps == [.seconds(1), .seconds(1)])

        // Three failures: the last one's reason, after three tries.
        served.set(-10)
        let error = try await #require(throws: CredentialProviderError.self) { try await provider.resolve() }
        try await server.stop()
        #expect("\(error)".contains("answered HTTP 503"))
        #expect(served.get() == -7)
        #expect(time.recordedSleeps.count == 4)
    }

    @Test("the token file wins over the token variable")
    func containerTokenFile() async throws {
        let server = try await Self.startContainerEndpoint()
        let home = try AWSHome()
        defer { home.remove() }
        let tokenFile = try home.directory.write(FixtureSecrets.containerToken + "\n", to: "pod-identity-token")
        let resolved = try await container(server, [
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "stale",
        ]).resolve()
        try await server.stop()
        #expect(resolved.credentials.accessKeyId == "ASIAIMDS000000000007")
    }

    @Test("a refused token fails with the status, without echoing the token")
    func containerRefused() async throws {
        let server = try await Self.startContainerEndpoint()
        let error = try await #require(throws: CredentialProviderError.self) {
            try await container(server, ["AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong-" + FixtureSecrets.containerToken]).resolve()
        }
        try await server.stop()
        #expect(error.kind == .failed)
        #expect("\(error)".contains("HTTP 401"))
        #expect(FixtureSecrets.leaked(in: "\(error)").isEmpty)
    }

    @Test("the chain reaches the container endpoint when nothing before it is configured")
    func chainUsesContainer() async throws {
        let server = try await Self.startContainerEndpoint()
        let home = try AWSHome()
        defer { home.remove() }
        let resolved = try await DefaultCredentialChain(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/v2/credentials/abc",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": FixtureSecrets.containerToken, "AWS_EC2_METADATA_DISABLED": "true",
            ],
            homeDirectory: home.url, httpClient: HTTPClient.shared, roleAssumer: RecordingRoleAssumer(), clock: time
        ).resolve()
        try await server.stop()
        #expect(resolved.source == "container")
    }
}
