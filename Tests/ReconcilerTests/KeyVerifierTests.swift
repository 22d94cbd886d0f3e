import Foundation
import Reconciler
import RoleSyncCore
import Testing

/// The verifier's bounds, with an injected check: how many at a time, how long, how many in
/// all, and never a canary's key.
@Suite struct KeyVerifierTests {
    /// Answers live after `delay`, counting calls and the most in flight at once.
    final class CountingCheck: KeyPairCheck, @unchecked Sendable {
        let delay: Duration
        private let lock = NSLock()
        private var inFlight = 0
        private(set) var mostInFlight = 0
        private(set) var checked: [String] = []

        init(delay: Duration) { self.delay = delay }

        func check(_ pair: KeyPair) async -> KeyVerification {
            lock.withLock {
                inFlight += 1
                mostInFlight = max(mostInFlight, inFlight)
                checked.append(pair.accessKeyId)
            }
            try? await Task.sleep(for: delay)
            lock.withLock { inFlight -= 1 }
            return KeyVerification(status: .live, arn: "arn:aws:iam::123456789012:user/\(pair.accessKeyId.suffix(4))")
        }
    }

    static func pair(_ index: Int, account: String = "123456789012") -> KeyPair {
        // Key ids carrying `account`: "AKIARZPUZDIK…" is 123456789012, "AKIAAYLPMN5H…" 052310077262.
        let head = account == "052310077262" ? "AKIAAYLPMN5HEG" : "AKIARZPUZDIKGW"
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let tail = String([alphabet[index / 32 / 32 % 32], alphabet[index / 32 % 32], alphabet[index % 32]])
        return KeyPair(accessKeyId: head + "OED" + tail, secretAccessKey: String(repeating: "s", count: 39) + "\(index % 10)")
    }

    @Test func checksRunAFewAtATimeAndAnswerInOrder() async {
        let check = CountingCheck(delay: .milliseconds(20))
        let pairs = (0..<12).map { Self.pair($0) }
        let verified = await KeyVerifier(check: check, concurrency: 3).verify(pairs)

        #expect(verified.map(\.pair) == pairs)
        #expect(verified.allSatisfy { $0.result.status == .live })
        #expect(check.mostInFlight == 3)
    }

    @Test func aCheckThatOutlivesTheTimeoutIsUnknown() async {
        let check = CountingCheck(delay: .seconds(30))
        let started = ContinuousClock.now
        let verified = await KeyVerifier(check: check, timeout: .milliseconds(200)).verify([Self.pair(1)])

        #expect(verified.first?.result == KeyVerification(status: .unknown, reason: "timed out after 0 s"))
        #expect(ContinuousClock.now - started < .seconds(10), "the slow check is not waited for")
    }

    @Test func aCanarysKeyIsNeverSent() async {
        let check = CountingCheck(delay: .zero)
        let canary = Self.pair(1, account: "052310077262")
        #expect(canary.account == "052310077262")
        let verified = await KeyVerifier(check: check).verify([canary, Self.pair(2)])

        #expect(check.checked == [Self.pair(2).accessKeyId])
        #expect(verified.map(\.pair) == [Self.pair(2)])
    }

    @Test func pairsOverTheLimitAreUnknownAndUnsent() async {
        let check = CountingCheck(delay: .zero)
        let verified = await KeyVerifier(check: check, limit: 2).verify((0..<5).map { Self.pair($0) })

        #expect(check.checked.count == 2)
        #expect(verified.count == 5)
        #expect(verified.suffix(3).allSatisfy { $0.result.status == .unknown && $0.result.reason?.contains("limit of 2") == true })
    }
}
