import AWSClient
import Foundation
import Testing

/// A provider that hands out numbered credentials, or fails when told to.
final class CountingProvider: CredentialProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private var failing = false
    private let lifetime: Double?
    private var gate: Gate?

    init(lifetime: Double?, gate: Gate? = nil) {
        self.lifetime = lifetime
        self.gate = gate
    }

    var count: Int { lock.withLock { calls } }
    func setFailing(_ value: Bool) { lock.withLock { failing = value } }
    /// Later fetches wait for `gate` to open before answering.
    func setGate(_ value: Gate?) { lock.withLock { gate = value } }

    func resolve() async throws -> ResolvedCredentials {
        let (number, failing, gate) = lock.withLock { calls += 1; return (calls, self.failing, self.gate) }
        await gate?.wait()
        if failing { throw AWSTransportError.timeout }
        let expiration = lifetime.map { ManualTime.start.addingTimeInterval($0 * Double(number)) }
        return ResolvedCredentials(
            credentials: AWSCredentials(accessKeyId: "KEY\(number)", secretAccessKey: "s", expiration: expiration),
            source: "counting")
    }
}

/// Holds every waiter until opened, so a test decides when a fetch finishes without sleeping.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = lock.withLock {
                if !isOpen { waiters.append(continuation) }
                return isOpen
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiting = lock.withLock {
            isOpen = true
            defer { waiters = [] }
            return waiters
        }
        for waiter in waiting { waiter.resume() }
    }
}

/// Yields until `condition` holds, without touching a clock; fails the test rather than hang.
func yieldUntil(_ condition: () async -> Bool) async throws {
    for _ in 0..<100_000 where !(await condition()) { await Task.yield() }
    try #require(await condition())
}

@Suite("Credential cache")
struct CredentialCacheTests {
    let time = ManualTime()

    @Test("long-term credentials are fetched once and kept forever")
    func longTerm() async throws {
        let provider = CountingProvider(lifetime: nil)
        let cache = CachedCredentialProvider(wrapping: provider, clock: time)
        for _ in 0..<3 {
            #expect(try await cache.resolve().credentials.accessKeyId == "KEY1")
            time.advance(by: .seconds(365 * 24 * 3600))
        }
        #expect(provider.count == 1)
    }

    @Test("the refresh margin is configurable")
    func margin() async throws {
        let provider = CountingProvider(lifetime: 3600)
        let cache = CachedCredentialProvider(wrapping: provider, clock: time, refreshAhead: .seconds(900))
        _ = try await cache.resolve()
        time.advance(by: .seconds(2699))
        #expect(try await cache.resolve().credentials.accessKeyId == "KEY1")
        time.advance(by: .seconds(1))
        #expect(try await cache.resolve().credentials.accessKeyId == "KEY2")
    }

    @Test("a failed early refresh keeps serving unexpired credentials; expired ones fail")
    func failedRefresh() async throws {
        let provider = CountingProvider(lifetime: 3600)
        let cache = CachedCredentialProvider(wrapping: provider, clock: time)
        _ = try await cache.resolve()
        provider.setFailing(true)
        time.advance(by: .seconds(3400))
        #expect(try await cache.resolve().credentials.accessKeyId == "KEY1")
        time.advance(by: .seconds(200))
        await #expect(throws: AWSTransportError.timeout) { try await cache.resolve() }
        provider.setFailing(false)
        #expect(try await cache.resolve().credentials.accessKeyId == "KEY4")
    }

    @Test("invalidate forces the next call to fetch")
    func invalidate() async throws {
        let provider = CountingProvider(lifetime: nil)
        let cache = CachedCredentialProvider(wrapping: provider, clock: time)
        _ = try await cache.resolve()
        await cache.invalidate()
        #expect(try await cache.resolve().credentials.accessKeyId == "KEY2")
    }
}

/// The advisory and mandatory refresh windows (botocore's `RefreshableCredentials`). Credentials
/// of `CountingProvider(lifetime: 3600)` expire an hour after the start; the advisory window
/// opens at 3300 s, the mandatory one at 3540 s.
@Suite("Credential cache refresh windows")
struct CredentialCacheWindowTests {
    let time = ManualTime()

    @Test("a failed advisory refresh serves the cached credentials and is not retried before the cooldown")
    func advisoryCooldown() async throws {
        let provider = CountingProvider(lifetime: 3600)
        let cache = CachedCredentialProvider(wrapping: provider, clock: time)
        _ = try await cache.resolve()
        provider.setFailing(true)
        time.advance(by: .seconds(3300))
        #expect(try await cache.resolve().credentials.accessKeyId == "KEY1")
        #expect(provider.count == 2)
        for _ in 0..<5 {
            time.advance(by: .seconds(5))
            #expect(try await cache.resolve().credentials.accessKeyId == "KEY1")
        }
        #expect(provider.count == 2)
        time.advance(by: .seconds(5))
        #expect(try await cache.resolve().credentials.accessKeyId == "KEY1")
        #expect(provider.count == 3)
        provider.setFailing(false)
        time.advance(by: .seconds(30))
        #expect(try await cache.resolve().credentials.accessKeyId == "KEY4")
        #expect(await cache.fetchCount == 4)
    }

    @Test("in the mandatory window the refresh error surfaces, cooldown or not")
    func mandatoryWindowThrows() async throws {
        let provider = CountingProvider(lifetime: 3600)
        let cache = CachedCredentialProvider(wrapping: provider, clock: time)
        _ = try await cache.resolve()
        provider.setFailing(true)
        time.advance(by: .seconds(3530))
        #expect(try await cache.resolve().credentials.accessKeyId == "KEY1")
        time.advance(by: .seconds(10))
        await #expect(throws: AWSTransportError.timeout) { try await cache.resolve() }
        await #expect(throws: AWSTransportError.timeout) { try await cache.resolve() }
        #expect(provider.count == 4)
    }

    @Test("during an advisory refresh other callers get the cached credentials without waiting", .timeLimit(.minutes(1)))
    func advisoryJoinersDoNotWait() async throws {
        let provider = CountingProvider(lifetime: 3600)
        let cache = CachedCredentialProvider(wrapping: provider, clock: time)
        _ = try await cache.resolve()
        let gate = Gate()
        provider.setGate(gate)
        time.advance(by: .seconds(3300))
        async let refreshed = cache.resolve()
        try await yieldUntil { provider.count == 2 }
        // The fetch cannot finish while the gate is closed, so only callers that do not wait
        // for it can be done before it opens.
        let served = Counter()
        let joiners = Task {
            for _ in 0..<19 {
                if try await cache.resolve().credentials.accessKeyId == "KEY1" { served.increment() }
            }
        }
        for _ in 0..<100_000 where served.value < 19 { await Task.yield() }
        let servedBeforeFetchEnded = served.value
        gate.open()
        try await joiners.value
        #expect(servedBeforeFetchEnded == 19)
        #expect(try await refreshed.credentials.accessKeyId == "KEY2")
        #expect(try await cache.resolve().credentials.accessKeyId == "KEY2")
        #expect(provider.count == 2)
    }

    @Test("20 concurrent callers of an empty cache share one fetch", .timeLimit(.minutes(1)))
    func concurrentCallers() async throws {
        let gate = Gate()
        let provider = CountingProvider(lifetime: 3600, gate: gate)
        let cache = CachedCredentialProvider(wrapping: provider, clock: time)
        let started = Counter()
        async let keyIds = withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    started.increment()
                    return try await cache.resolve().credentials.accessKeyId
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await yieldUntil { started.value == 20 && provider.count >= 1 }
        for _ in 0..<1000 { await Task.yield() }
        gate.open()
        #expect(try await keyIds == Array(repeating: "KEY1", count: 20))
        #expect(provider.count == 1)
        #expect(await cache.fetchCount == 1)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
