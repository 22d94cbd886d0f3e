import Foundation
import Testing
import TestSupport

/// `rolesync aws whoami` behind an HTTP proxy, as on a locked-down network: STS through the
/// proxy's CONNECT tunnel, the instance metadata service always direct.
@Suite("rolesync aws whoami through a proxy")
struct WhoAmIProxyTests {
    @Test("HTTP_PROXY carries the STS call; the metadata service is reached directly")
    func throughProxy() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()
        let proxy = try await ConnectProxy.start(user: "ops", password: "proxy-pass-1")
        defer { proxy.stop() }
        try await WhoAmIMetadataServer.serving(moto.instanceCredentials) { metadata in
            let result = try await moto.runWhoAmI(environment: [
                "HTTP_PROXY": proxy.url(credentials: "ops:proxy-pass-1"),
                "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": metadata.endpoint,
            ])

            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            #expect(result.stdout == WhoAmIFixture.expectedOutput(source: "imds", arn: WhoAmIFixture.instanceRoleSessionArn))
            #expect(proxy.tunnels == ["127.0.0.1:\(moto.server.port)"])
            #expect(metadata.requests.count == 3, "the metadata service answered directly")
        }
    }

    @Test("NO_PROXY naming the emulator bypasses the proxy")
    func noProxy() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()
        let proxy = try await ConnectProxy.start()
        defer { proxy.stop() }

        let result = try await moto.runWhoAmI(environment: [
            "AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey,
            "http_proxy": proxy.url(), "NO_PROXY": "localhost,127.0.0.1:\(moto.server.port)",
        ])

        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        #expect(proxy.tunnels.isEmpty)
    }

    @Test("a proxy URL rolesync cannot use stops the run before any request, without its password")
    func badProxy() async throws {
        let moto = try await WhoAmIEmulator.shared.fixture()

        let result = try await moto.runWhoAmI(environment: [
            "AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey,
            "HTTP_PROXY": "https://ops:hunter2-pass@proxy.invalid:443",
        ])

        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("HTTP_PROXY=\"https://ops:***@proxy.invalid:443\""), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
    }

    @Test("dual-stack in a partition without it is refused before any request")
    func unavailableVariant() async throws {
        let home = try TemporaryDirectory(prefix: "rolesync-fips-home")
        defer { home.remove() }
        let result = try await RoleSyncBinary.run(["aws", "whoami", "--region", "eu-isoe-west-1"], environment: [
            "HOME": home.path, "AWS_ACCESS_KEY_ID": "AKIDEXAMPLEKEY01", "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_USE_DUALSTACK_ENDPOINT": "true",
        ])

        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("no dual-stack endpoint for"), "\(result.stderr)")
        #expect(result.stderr.contains("eu-isoe-west-1"))
    }
}
