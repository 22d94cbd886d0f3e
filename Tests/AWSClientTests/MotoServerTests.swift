import AWSClient
import Foundation
import Testing
import TestSupport

/// The emulator fixture itself, on a server of its own without signature checking: start,
/// reset, unsigned web-identity calls, stop. Also what happens when nothing listens.
@Suite("Emulator fixture and transport failures", .serialized)
struct MotoServerTests {
    @Test("reset clears state, unsigned AssumeRoleWithWebIdentity works, stop frees the port")
    func lifecycle() async throws {
        let server = try await MotoServer.start()
        let clients = try AWSTestClients(
            endpoint: server.endpoint, region: "us-east-1",
            credentials: AWSCredentials(accessKeyId: "testing", secretAccessKey: "testing"))
        defer { Task { await clients.shutdown() } }

        try await server.runPython("""
            import boto3
            boto3.client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)
            """)
        #expect(try await clients.ec2.describeInstances().count == 1)
        try await server.reset()
        #expect(try await clients.ec2.describeInstances().isEmpty)

        let assumer = STSRoleAssumer(
            endpoint: try clients.endpoints.endpoint(for: .sts, region: "us-east-1"), policy: RequestPolicy(),
            transport: clients.transport)
        let credentials = try await assumer.assumeRoleWithWebIdentity(
            roleArn: "arn:aws:iam::123456789012:role/web", sessionName: "ci", webIdentityToken: "token-from-oidc")
        #expect(!credentials.accessKeyId.isEmpty)
        #expect(credentials.sessionToken != nil)
        #expect(credentials.expiration != nil)

        let port = server.port
        server.stop()
        // Connection failures are transient: retried within the budget, then given up with the cause.
        let exhausted = try await #require(throws: RetriesExhausted.self) { try await clients.ec2.describeRegions() }
        guard case .connection? = exhausted.lastError as? AWSTransportError else {
            Issue.record("expected a connection error after stop on port \(port), got \(exhausted)")
            return
        }
    }

    @Test("a request to a port where nothing listens is a connection error")
    func connectionRefused() async throws {
        let port = try LoopbackPort.free()
        let clients = try AWSTestClients(
            endpoint: "http://127.0.0.1:\(port)", region: "us-east-1",
            credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret"))
        defer { Task { await clients.shutdown() } }
        let exhausted = try await #require(throws: RetriesExhausted.self) { try await clients.sts.getCallerIdentity() }
        guard case .connection(let detail)? = exhausted.lastError as? AWSTransportError else {
            Issue.record("expected a connection error, got \(exhausted)")
            return
        }
        #expect(detail.contains("GetCallerIdentity"))
        #expect(exhausted.attempts == 3)
        #expect(await clients.metrics.count(for: "GetCallerIdentity") == 3)
    }

    // The time limit only guards against a hang; the timeout itself is asserted by the error.
    @Test("an endpoint that never answers times out instead of hanging", .timeLimit(.minutes(1)))
    func silentEndpointTimesOut() async throws {
        let silent = try await SilentServer.start()
        let transport = QueryTransport(configuration: TransportConfiguration(
            connectTimeout: .seconds(2), readTimeout: .milliseconds(300), requestTimeout: .seconds(2)))
        let endpoint = try EndpointResolver(explicitURL: "http://127.0.0.1:\(silent.port)")
            .endpoint(for: .ec2, region: "us-east-1")
        let request = QueryRequest(action: "DescribeRegions", version: "2016-11-15")
        let error = await #expect(throws: AWSTransportError.self) {
            try await transport.send(request, to: endpoint, credentials: AWSCredentials(accessKeyId: "A", secretAccessKey: "s"))
        }
        #expect(error == .timeout)
        try await transport.shutdown()
        await silent.stop()
    }
}
