import AWSClient
import Foundation
import Testing
import TestSupport

/// HTTPS to a loopback server whose self-signed certificate only `AWS_CA_BUNDLE` vouches for.
@Suite("AWS_CA_BUNDLE against a self-signed HTTPS server")
struct CABundleTransportTests {
    static func callerIdentity(
        _ server: TLSQueryServer, caBundle: CABundle?, proxies: ProxySettings = ProxySettings()
    ) async throws -> CallerIdentity {
        let transport = QueryTransport(
            configuration: TransportConfiguration(connectTimeout: .seconds(5), proxies: proxies, caBundle: caBundle))
        let sts = STSClient(
            endpoint: try EndpointResolver(explicitURL: server.url).endpoint(for: .sts, region: "us-east-1"),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret")),
            policy: RequestPolicy(configuration: RetryConfiguration(maxAttempts: 1)), account: TLSQueryServer.account,
            transport: transport)
        do {
            let identity = try await sts.getCallerIdentity()
            try await transport.shutdown()
            return identity
        } catch {
            try await transport.shutdown()
            throw error
        }
    }

    @Test("trusted when AWS_CA_BUNDLE names the certificate, refused without it or with another")
    func trust() async throws {
        let folder = try TemporaryDirectory(prefix: "rolesync-ca-bundle")
        defer { folder.remove() }
        let server = try await TLSQueryServer.start(in: folder.url)
        defer { server.stop() }

        let settings = try ConnectionSettings.resolve(environment: ["AWS_CA_BUNDLE": server.certificateFile.path])
        let trusted = try await Self.callerIdentity(server, caBundle: settings.caBundle)
        #expect(trusted.arn == TLSQueryServer.arn)
        #expect(server.answered == 1)

        let untrusted = await #expect(throws: (any Error).self) {
            try await Self.callerIdentity(server, caBundle: nil)
        }
        #expect(String(describing: try #require(untrusted)).contains("GetCallerIdentity"))

        let other = try await TLSQueryServer.makeCertificate(in: folder.url, name: "other")
        let wrongBundle = try CABundle.load(path: other.certificate.path)
        let refused = await #expect(throws: (any Error).self) {
            try await Self.callerIdentity(server, caBundle: wrongBundle)
        }
        #expect(String(describing: try #require(refused)).contains("trusting only the CA certificates in \(other.certificate.path)"))
        #expect(server.answered == 1, "no request got past a refused handshake")
    }

    @Test("HTTPS through HTTPS_PROXY: TLS inside the CONNECT tunnel, verified against the bundle")
    func throughProxy() async throws {
        let folder = try TemporaryDirectory(prefix: "rolesync-ca-proxy")
        defer { folder.remove() }
        let server = try await TLSQueryServer.start(in: folder.url)
        defer { server.stop() }
        let proxy = try await ConnectProxy.start()
        defer { proxy.stop() }
        let settings = try ConnectionSettings.resolve(environment: [
            "AWS_CA_BUNDLE": server.certificateFile.path, "HTTPS_PROXY": proxy.url(), "HTTP_PROXY": "http://127.0.0.1:1",
        ])

        let identity = try await Self.callerIdentity(server, caBundle: settings.caBundle, proxies: settings.proxies)

        #expect(identity.account == TLSQueryServer.account)
        #expect(proxy.tunnels == ["127.0.0.1:\(server.port)"])
    }
}
