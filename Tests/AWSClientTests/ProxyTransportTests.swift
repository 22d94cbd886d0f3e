import AWSClient
import Foundation
import Testing
import TestSupport

/// AWS requests through a real HTTP CONNECT proxy on loopback to the emulator.
@Suite("AWS requests through an HTTP proxy")
struct ProxyTransportTests {
    /// STS GetCallerIdentity as the administrator, over a transport with `proxies`.
    static func callerIdentity(
        _ moto: MotoFixture, proxies: ProxySettings, attempts: Int = 3
    ) async throws -> CallerIdentity {
        let transport = QueryTransport(configuration: TransportConfiguration(connectTimeout: .seconds(5), proxies: proxies))
        let endpoint = try EndpointResolver(explicitURL: moto.server.endpoint).endpoint(for: .sts, region: "us-east-1")
        let sts = STSClient(
            endpoint: endpoint, credentials: StaticCredentialProvider(moto.admin),
            policy: RequestPolicy(configuration: RetryConfiguration(maxAttempts: attempts)),
            account: MotoFixture.account, transport: transport)
        do {
            let identity = try await sts.getCallerIdentity()
            try await transport.shutdown()
            return identity
        } catch {
            try await transport.shutdown()
            throw error
        }
    }

    @Test("HTTP_PROXY carries the signed STS call to the emulator through one CONNECT tunnel")
    func throughProxy() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let proxy = try await ConnectProxy.start()
        defer { proxy.stop() }
        let proxies = try ProxySettings.from(environment: ["HTTP_PROXY": proxy.url()])

        let identity = try await Self.callerIdentity(moto, proxies: proxies)

        #expect(identity.arn == "arn:aws:iam::\(MotoFixture.account):user/rolesync-admin")
        #expect(proxy.tunnels == ["127.0.0.1:\(moto.server.port)"])
        #expect(proxy.otherRequests.isEmpty)
    }

    @Test("NO_PROXY sends the request directly: the proxy sees nothing", arguments: [
        "127.0.0.1", "example.com, 127.0.0.1:%PORT%", "*",
    ])
    func bypass(noProxy: String) async throws {
        let moto = try await SharedMoto.shared.fixture()
        let proxy = try await ConnectProxy.start()
        defer { proxy.stop() }
        let proxies = try ProxySettings.from(environment: [
            "http_proxy": proxy.url(), "no_proxy": noProxy.replacingOccurrences(of: "%PORT%", with: "\(moto.server.port)"),
        ])

        _ = try await Self.callerIdentity(moto, proxies: proxies)

        #expect(proxy.tunnels.isEmpty)
    }

    @Test("a proxy asking for basic auth lets the right user and password through")
    func authenticated() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let proxy = try await ConnectProxy.start(user: "rolesync", password: "pr0xy-s3cret")
        defer { proxy.stop() }
        let proxies = try ProxySettings.from(environment: ["HTTP_PROXY": proxy.url(credentials: "rolesync:pr0xy-s3cret")])

        _ = try await Self.callerIdentity(moto, proxies: proxies)

        #expect(proxy.tunnels.count == 1)
        #expect(proxy.refusals.isEmpty)
    }

    @Test("a wrong proxy password fails naming the proxy, never the password")
    func wrongPassword() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let proxy = try await ConnectProxy.start(user: "rolesync", password: "pr0xy-s3cret")
        defer { proxy.stop() }
        let proxies = try ProxySettings.from(environment: ["HTTP_PROXY": proxy.url(credentials: "rolesync:wr0ng-guess")])

        let error = await #expect(throws: (any Error).self) { try await Self.callerIdentity(moto, proxies: proxies, attempts: 1) }
        let message = String(describing: try #require(error))
        #expect(message.contains("through proxy http://rolesync@127.0.0.1:\(proxy.port)"), "\(message)")
        #expect(!message.contains("wr0ng-guess"), "\(message)")
        #expect(proxy.refusals == ["127.0.0.1:\(moto.server.port)"])
        #expect(proxy.tunnels.isEmpty)
    }
}
