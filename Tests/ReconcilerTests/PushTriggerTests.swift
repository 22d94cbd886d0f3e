import Crypto
import Foundation
import Testing
@testable import Reconciler

/// The push webhook: only a request signed with the shared secret gets through, and a pull of
/// the trigger starts a converge at once instead of at the next interval.
@Suite(.timeLimit(.minutes(1))) struct PushTriggerTests {
    static let secret = "It's a Secret to Everybody"
    static let body = Array(#"{"ref":"refs/heads/main"}"#.utf8)

    static func gitHubSignature(_ body: [UInt8], secret: String = secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    @Test func gitHubsExampleSignatureIsAccepted() throws {
        // The example of GitHub's documentation on validating webhook deliveries.
        let verifier = try #require(WebhookVerifier(secret: Self.secret))
        let signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        #expect(verifier.isAuthentic(headers: [("X-Hub-Signature-256", signature)], body: Array("Hello, World!".utf8)))
    }

    @Test(arguments: [
        ("a valid GitHub signature", [("x-hub-signature-256", gitHubSignature(body))], true),
        ("a signature of another body", [("X-Hub-Signature-256", gitHubSignature(Array("{}".utf8)))], false),
        ("a signature with another secret", [("X-Hub-Signature-256", gitHubSignature(body, secret: "guess"))], false),
        ("a sha1 signature", [("X-Hub-Signature-256", "sha1=" + String(repeating: "0", count: 40))], false),
        ("a malformed signature", [("X-Hub-Signature-256", "sha256=zz")], false),
        ("the GitLab token", [("X-Gitlab-Token", secret)], true),
        ("a wrong GitLab token", [("X-Gitlab-Token", secret + "x")], false),
        ("an empty GitLab token", [("X-Gitlab-Token", "")], false),
        ("no signature", [("Content-Type", "application/json")], false),
    ] as [(String, [(String, String)], Bool)])
    func onlySignedRequestsAreAuthentic(_ name: String, headers: [(String, String)], authentic: Bool) throws {
        let verifier = try #require(WebhookVerifier(secret: Self.secret))
        #expect(verifier.isAuthentic(headers: headers.map { (name: $0.0, value: $0.1) }, body: Self.body) == authentic, "\(name)")
    }

    @Test func anEmptySecretLeavesTheEndpointOff() {
        #expect(WebhookVerifier(secret: "  \n") == nil)
    }

    @Test func aPullStartsAConvergeAtOnce() async throws {
        let clock = ManualClock()
        let status = DaemonStatus()
        // One free sleep (after the first cycle), then the sleeper parks: only a pull can wake it.
        let sleeper = ScriptedSleeper(clock: clock, freeSleeps: 0)
        let cycle = ScriptedCycle([], status: status)
        let trigger = ConvergeTrigger()
        let loop = ReconcileLoop(
            settings: DaemonSettings(interval: .seconds(3600), driftInterval: .seconds(3600)),
            cycle: { try await cycle.run($0) }, status: status, sleeper: sleeper, trigger: trigger, clock: clock)
        let task = Task { await loop.run() }
        var parked = sleeper.parked.makeAsyncIterator()
        _ = await parked.next()
        #expect(cycle.calls == [.converge])
        await trigger.pull()
        _ = await parked.next()
        #expect(cycle.calls == [.converge, .converge], "the pull ran a converge without waiting for the hour")
        task.cancel()
        _ = await task.value
    }
}
