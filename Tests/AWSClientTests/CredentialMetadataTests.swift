import AWSClient
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import TestSupport

/// IMDSv2 played by a real HTTP server on loopback.
@Suite("Instance metadata credentials")
struct CredentialMetadataTests {
    static let imdsToken = "imds-session-token-1"
    static let role = "rolesync-node"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    let time = ManualTime()

    /// IMDSv2: a token from PUT, required (401 otherwise) on every GET; `hasRole` false answers 404.
    /// `credentialsDelay` holds the credentials answer back so concurrent callers pile up behind it.
    static func startIMDS(
        host: String = "127.0.0.1", hasRole: Bool = true, credentialsDelay: TimeAmount = .zero
    ) async throws -> LoopbackHTTPServer {
        let fetches = LoopbackRequestLog()
        return try await LoopbackHTTPServer.start(host: host) { request in
            if request.path == "/latest/api/token" {
                guard request.method == .PUT, request.headers["x-aws-ec2-metadata-token-ttl-seconds"] == ["21600"] else {
                    return LoopbackResponse(.badRequest)
                }
                return LoopbackResponse(body: imdsToken)
            }
            guard request.headers["x-aws-ec2-metadata-token"] == [imdsToken] else { return LoopbackResponse(.unauthorized) }
            guard hasRole else { return LoopbackResponse(.notFound) }
            switch request.path {
            case credentialsPath: return LoopbackResponse(body: role)
            case credentialsPath + role:
                fetches.append(request)
                return LoopbackResponse(body: MetadataFixtures.document(number: fetches.all.count), delay: credentialsDelay)
            default: return LoopbackResponse(.notFound)
            }
        }
    }

    func imds(_ server: LoopbackHTTPServer, _ extra: [String: String] = [:]) -> InstanceMetadataCredentialProvider {
        InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL + "/"].merging(extra) { _, new in new },
            httpClient: HTTPClient.shared, timeout: MetadataFixtures.loopbackTimeout)
    }

    @Test("IMDSv2: token, role name, then the role's credentials")
    func imdsCredentials() async throws {
        let server = try await Self.startIMDS()
        let resolved = try await imds(server).resolve()
        try await server.stop()
        #expect(resolved.source == "imds")
        #expect(resolved.credentials == AWSCredentials(
            accessKeyId: "ASIAIMDS000000000001", secretAccessKey: "imdsSecret1", sessionToken: "imdsToken1",
            expiration: ManualTime.start.addingTimeInterval(3600)))
        #expect(server.requests.map(\.path) == ["/latest/api/token", Self.credentialsPath, Self.credentialsPath + Self.role])
    }

    @Test("the fake IMDS refuses calls without the session token")
    func imdsRequiresToken() async throws {
        let server = try await Self.startIMDS()
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: server.baseURL + Self.credentialsPath), timeout: .seconds(5))
        try await server.stop()
        #expect(response.status == .unauthorized)
    }

    @Test("an instance without a role is 'not configured', letting the chain report it")
    func imdsWithoutRole() async throws {
        let server = try await Self.startIMDS(hasRole: false)
        let error = try await #require(throws: CredentialProviderError.self) { try await imds(server).resolve() }
        try await server.stop()
        #expect(error.kind == .notConfigured)
        #expect(error.reason == "no IAM role attached to this instance")
    }

    @Test("AWS_EC2_METADATA_DISABLED=true: the service is never called")
    func imdsDisabled() async throws {
        let server = try await Self.startIMDS()
        let error = try await #require(throws: CredentialProviderError.self) {
            try await imds(server, ["AWS_EC2_METADATA_DISABLED": "TRUE"]).resolve()
        }
        let chainError = try await #require(throws: CredentialsNotFound.self) {
            try await DefaultCredentialChain(
                environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL, "AWS_EC2_METADATA_DISABLED": "true"],
                homeDirectory: URL(fileURLWithPath: "/nonexistent-home"), httpClient: HTTPClient.shared,
                roleAssumer: RecordingRoleAssumer(), clock: time
            ).resolve()
        }
        try await server.stop()
        #expect(error.kind == .notConfigured)
        #expect(chainError.attempts.last?.reason == "AWS_EC2_METADATA_DISABLED=true")
        #expect(server.requests.isEmpty)
    }

    // The time limit only guards against a hang; how fast it gives up is not asserted here.
    @Test("no metadata service at the endpoint: 'not configured', not a hang", .timeLimit(.minutes(1)))
    func imdsUnreachable() async throws {
        let server = try await Self.startIMDS()
        try await server.stop()
        // The production default: AsyncHTTPClient retries refused connections until the deadline.
        let provider = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL], httpClient: HTTPClient.shared)
        let error = try await #require(throws: CredentialProviderError.self) { try await provider.resolve() }
        #expect(error.kind == .notConfigured)
    }

    @Test("a token request that is never answered names the IMDSv2 hop limit", .timeLimit(.minutes(1)))
    func tokenTimeoutNamesTheHopLimit() async throws {
        let server = try await SilentServer.start()
        let provider = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(server.port)"], httpClient: HTTPClient.shared,
            timeout: .milliseconds(300))
        let error = try await #require(throws: CredentialProviderError.self) { try await provider.resolve() }
        await server.stop()
        #expect(error.kind == .notConfigured)
        #expect("\(error)".contains("IMDSv2 hop limit of 1"), "\(error)")
        #expect("\(error)".contains("--http-put-response-hop-limit 2"), "\(error)")
    }

    @Test("cached IMDS credentials are refreshed five minutes before they expire, not earlier")
    func refreshAheadOfExpiry() async throws {
        let server = try await Self.startIMDS()
        let cache = CachedCredentialProvider(wrapping: imds(server), clock: time)
        let first = try await cache.resolve()
        time.advance(by: .seconds(54 * 60))
        let stillFirst = try await cache.resolve()
        time.advance(by: .seconds(60 + 1))
        let second = try await cache.resolve()
        let third = try await cache.resolve()
        try await server.stop()
        #expect(first.credentials.accessKeyId == "ASIAIMDS000000000001")
        #expect(stillFirst == first)
        #expect(second.credentials.accessKeyId == "ASIAIMDS000000000002")
        #expect(third == second)
        #expect(server.requests(to: Self.credentialsPath + Self.role).count == 2)
    }

    @Test("20 concurrent callers cause exactly one fetch")
    func concurrentCallersShareOneFetch() async throws {
        // Every caller arrives while the one fetch is still waiting for its answer.
        let server = try await Self.startIMDS(credentialsDelay: .milliseconds(300))
        let cache = CachedCredentialProvider(wrapping: imds(server), clock: time)
        let keyIds = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.resolve().credentials.accessKeyId } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await server.stop()
        #expect(keyIds == Array(repeating: "ASIAIMDS000000000001", count: 20))
        #expect(server.requests(to: "/latest/api/token").count == 1)
        #expect(server.requests(to: Self.credentialsPath + Self.role).count == 1)
        #expect(await cache.fetchCount == 1)
    }
}
