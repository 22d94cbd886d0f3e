import Foundation
import RoleSyncCore

/// Asks whether one key pair works. The live checker calls STS (`STSKeyCheck`); tests inject
/// their own.
public protocol KeyPairCheck: Sendable {
    func check(_ pair: KeyPair) async -> KeyVerification
}

/// `scan --verify`: checks found key pairs a few at a time, each within a timeout, never a
/// canary token's (calling with it would set off the alarm it exists for), and at most
/// `limit` of them, so no repository can make the scan call STS without end.
public struct KeyVerifier: Sendable {
    public var check: any KeyPairCheck
    public var concurrency: Int
    public var timeout: Duration
    public var limit: Int
    public var canaryAccounts: Set<String>

    public static let defaultConcurrency = 4
    public static let defaultTimeout = Duration.seconds(10)
    public static let defaultLimit = 200

    public init(
        check: any KeyPairCheck, concurrency: Int = KeyVerifier.defaultConcurrency, timeout: Duration = KeyVerifier.defaultTimeout,
        limit: Int = KeyVerifier.defaultLimit, canaryAccounts: Set<String> = CanaryAccounts.known
    ) {
        self.check = check
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.limit = limit
        self.canaryAccounts = canaryAccounts
    }

    /// The answer for every pair that is not a canary's, in the order given.
    public func verify(_ pairs: [KeyPair]) async -> [(pair: KeyPair, result: KeyVerification)] {
        let candidates = pairs.filter { pair in !(pair.account.map(canaryAccounts.contains) ?? false) }
        let checked = Array(candidates.prefix(limit))
        var results = [KeyVerification?](repeating: nil, count: checked.count)
        await withTaskGroup(of: (Int, KeyVerification).self) { group in
            var next = 0
            func startNext() {
                guard next < checked.count else { return }
                let index = next
                let pair = checked[index]
                next += 1
                group.addTask { (index, await self.checkWithinTimeout(pair)) }
            }
            for _ in 0..<concurrency { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                startNext()
            }
        }
        let over = candidates.dropFirst(limit).map {
            (pair: $0, result: KeyVerification(status: .unknown, reason: "not checked: over the limit of \(limit) verifications"))
        }
        return zip(checked, results).map { (pair: $0, result: $1 ?? KeyVerification(status: .unknown)) } + over
    }

    /// The check, or `unknown (timed out)` once `timeout` passes; the check left behind is
    /// cancelled and its answer dropped.
    func checkWithinTimeout(_ pair: KeyPair) async -> KeyVerification {
        let answer = FirstAnswer()
        let timeout = self.timeout
        let timedOut = KeyVerification(status: .unknown, reason: "timed out after \(timeout.components.seconds) s")
        return await withCheckedContinuation { continuation in
            answer.arm(continuation)
            let work = Task { await check.check(pair) }
            let timer = Task {
                try await Task.sleep(for: timeout)
                if answer.give(timedOut) { work.cancel() }
            }
            Task {
                // The timer goes when the answer comes first, rather than sleeping it out.
                if answer.give(await work.value) { timer.cancel() }
            }
        }
    }
}

/// Resumes a continuation with whichever answer comes first.
private final class FirstAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<KeyVerification, Never>?

    func arm(_ continuation: CheckedContinuation<KeyVerification, Never>) {
        lock.withLock { self.continuation = continuation }
    }

    /// True when this answer was the first.
    @discardableResult
    func give(_ answer: KeyVerification) -> Bool {
        let waiting = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: answer)
        return waiting != nil
    }
}
