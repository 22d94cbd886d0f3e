import AWSClient
import Foundation
import Reconciler
import RoleSyncCore
import Testing

/// The session's connection settings: read from the environment and the selected profile when
/// it starts, every endpoint of the run checked before any request.
@Suite("Session connection settings")
struct SessionConnectionTests {
    /// A session with keys in the environment and `config` as `~/.aws/config`; no endpoint URL,
    /// so the public endpoints are resolved (and nothing here sends a request).
    static func session(
        _ extra: [String: String] = [:], config: String = "", regions: [String] = []
    ) throws -> (AWSSession, URL) {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("rolesync-connection-\(UUID())")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try Data(config.utf8).write(to: home.appendingPathComponent(".aws/config"))
        let environment = [
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLEKEY01", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_EC2_METADATA_DISABLED": "true",
        ].merging(extra) { _, new in new }
        let session = try AWSSession(
            settings: AWSSettings(regions: regions, environment: environment, homeDirectory: home.path),
            policy: RequestPolicy(configuration: RetryConfiguration(maxAttempts: 1)))
        return (session, home)
    }

    @Test("the profile's use_fips_endpoint and use_dualstack_endpoint choose the endpoints")
    func profileVariant() async throws {
        let (session, home) = try Self.session(config: """
            [profile fips]
            use_fips_endpoint = true
            use_dualstack_endpoint = true
            ec2_metadata_service_endpoint_mode = IPv6
            """, regions: ["us-west-2"])
        defer { try? FileManager.default.removeItem(at: home) }
        await session.shutdown()
        // The default profile has none of these keys.
        #expect(session.connection.endpointVariant == .standard)

        let (named, namedHome) = try Self.session(["AWS_PROFILE": "fips"], config: """
            [profile fips]
            use_fips_endpoint = true
            use_dualstack_endpoint = true
            ec2_metadata_service_endpoint_mode = IPv6
            """, regions: ["us-west-2"])
        defer { try? FileManager.default.removeItem(at: namedHome) }
        await named.shutdown()
        #expect(named.connection.endpointVariant == .fipsDualStack)
        #expect(named.connection.instanceMetadataEndpoint == "http://[fd00:ec2::254]")
        #expect(try named.endpoints.endpoint(for: .ec2, region: "us-west-2").url.absoluteString
            == "https://ec2-fips.us-west-2.api.aws")
        #expect(try named.endpoints.endpoint(for: .iam, region: named.homeRegion).url.absoluteString
            == "https://iam-fips.global.api.aws")
    }

    @Test("the environment wins over the profile, and an endpoint URL over both")
    func environmentWins() async throws {
        let (session, home) = try Self.session(
            ["AWS_USE_FIPS_ENDPOINT": "false", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1"],
            config: "[default]\nuse_fips_endpoint = true\n")
        defer { try? FileManager.default.removeItem(at: home) }
        await session.shutdown()
        #expect(session.connection.endpointVariant == .standard)
        #expect(try session.endpoints.endpoint(for: .sts, region: "us-east-1").url.absoluteString == "http://127.0.0.1:1")
    }

    @Test("dual-stack with a --region of a partition without it is refused when the session starts")
    func unavailableAtStart() throws {
        let error = #expect(throws: EndpointUnavailableError.self) {
            _ = try Self.session(["AWS_USE_DUALSTACK_ENDPOINT": "true"], regions: ["eu-isoe-west-1"])
        }
        #expect(error?.region == "eu-isoe-west-1")
        #expect(error?.variant == .dualStack)
    }

    @Test("policy regions that move the run into such a partition are refused before the identity call")
    func unavailableForTargets() async throws {
        let (session, home) = try Self.session(["AWS_USE_DUALSTACK_ENDPOINT": "true"])
        defer { try? FileManager.default.removeItem(at: home) }
        let resolver = SessionTargetResolver(session: session, regionOverrides: [])
        let desired = DesiredState(revision: "r", assignments: [], policy: ReconcilePolicy(regions: ["us-isof-south-1"]))
        let error = await #expect(throws: EndpointUnavailableError.self) { try await resolver.resolveTargets(for: desired) }
        await session.shutdown()
        #expect(error?.partition == "aws-iso-f")
    }

    @Test("bad connection settings stop the session with the setting named", arguments: [
        (["AWS_USE_FIPS_ENDPOINT": "on"], "", "AWS_USE_FIPS_ENDPOINT=\"on\""),
        ([:], "[default]\nca_bundle = /nonexistent/rolesync-ca.pem\n", "ca_bundle in the profile /nonexistent/rolesync-ca.pem: does not exist"),
        (["HTTPS_PROXY": "https://u:pw-secret@proxy.example"], "", "HTTPS_PROXY=\"https://u:***@proxy.example\""),
        (["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv7"], "", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=\"IPv7\""),
    ] as [([String: String], String, String)])
    func badSettings(environment: [String: String], config: String, message: String) throws {
        let error = #expect(throws: (any Error).self) { _ = try Self.session(environment, config: config) }
        let text = String(describing: try #require(error))
        #expect(text.contains(message), "\(text)")
        #expect(!text.contains("pw-secret"))
    }
}
