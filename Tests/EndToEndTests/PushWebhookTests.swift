import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// `POST /hooks/git` on a running daemon: a signed push converges at once, anything else gets
/// 401 (or 413 when too large) and changes nothing; without a secret the endpoint is off.
@Suite(.timeLimit(.minutes(3))) struct PushWebhookTests {
    static let secret = "push-secret-of-the-test"
    static let converges = #"rolesync_reconcile_total{result="success"}"#

    static func post(_ port: Int, headers: [String: String], body: Data) async throws -> Int {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/hooks/git")))
        request.httpMethod = "POST"
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (_, response) = try await DaemonHTTP.session.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    static func signature(_ body: Data, secret: String = secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    @Test func aSignedPushConvergesAtOnceAndNothingElseDoes() async throws {
        let fleet = try await DaemonFleet.make(instances: 2)
        defer { fleet.stop() }
        let secretFile = fleet.directory.url.appendingPathComponent("webhook-secret")
        try Data((Self.secret + "\n").utf8).write(to: secretFile)
        let daemon = try DaemonProcess(
            ["run", "--repo", fleet.repoArgument, "--listen", "127.0.0.1:0", "--interval", "1h", "--drift-interval", "1h",
             "--webhook-secret-file", secretFile.path],
            environment: fleet.environment)
        let port = try await daemon.listenPort()
        _ = try await DaemonHTTP.waitForMetric(port, Self.converges, atLeast: 1)
        await #expect(try fleet.attachedProfiles().count == 2)
        try await fleet.detachProfile(from: fleet.instances[0])

        let body = Data(#"{"ref":"refs/heads/main","after":"0000"}"#.utf8)
        #expect(try await Self.post(port, headers: [:], body: body) == 401)
        #expect(try await Self.post(port, headers: ["X-Hub-Signature-256": Self.signature(body, secret: "wrong")], body: body) == 401)
        #expect(try await Self.post(port, headers: ["X-Gitlab-Token": "wrong"], body: body) == 401)
        let tooLarge = Data(repeating: 0x20, count: (1 << 20) + 1)
        #expect(try await Self.post(port, headers: ["X-Hub-Signature-256": Self.signature(tooLarge)], body: tooLarge) == 413)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await DaemonHTTP.metric(port, Self.converges) == 1, "a refused request started a converge")
        await #expect(try fleet.attachedProfiles()[fleet.instances[0]] == nil)

        #expect(try await Self.post(port, headers: ["X-Hub-Signature-256": Self.signature(body)], body: body) == 202)
        _ = try await DaemonHTTP.waitForMetric(port, Self.converges, atLeast: 2)
        await #expect(try fleet.attachedProfiles().count == 2, "the signed push converged the fleet without waiting for the hour")
        #expect(try await Self.post(port, headers: ["X-Gitlab-Token": Self.secret], body: body) == 202)
        _ = try await DaemonHTTP.waitForMetric(port, Self.converges, atLeast: 3)
        _ = try await daemon.terminate()
    }

    @Test func withoutASecretTheEndpointIsOff() async throws {
        let fleet = try await DaemonFleet.make(instances: 1)
        defer { fleet.stop() }
        let daemon = try DaemonProcess(
            ["run", "--repo", fleet.repoArgument, "--listen", "127.0.0.1:0", "--interval", "1h"], environment: fleet.environment)
        let port = try await daemon.listenPort()
        let body = Data("{}".utf8)
        #expect(try await Self.post(port, headers: ["X-Hub-Signature-256": Self.signature(body)], body: body) == 404)
        _ = try await daemon.terminate()
    }
}
