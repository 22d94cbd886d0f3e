import AWSClient
import Foundation
import Testing

/// A provider that hands out numbered credentials, or fails when told to.
final class CountingProvider: CredentialProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private var failing = false
    private let lifetime: Double?

    init(lifetime: Double?) {
        self.lifetime = lifetime
    }

    var count: Int { lock.withLock { calls } }
    func setFailing(_ value: Bool) { lock.withLock { failing = value } }

    func resolve() async throws -> ResolvedCredentials {
        let (number, failing) = lock.withLock { calls += 1; return (calls, self.failing) }
        if failing { throw AWSTransportError.timeout }
        let expiration = lifetime.map { ManualTime.start.addingTimeInterval($0 * Double(number)) }
        return ResolvedCredentials(
            credentials: AWSCredentials(accessKeyId: "KEY\(number)", secretAccessKey: "s", expiration: expiration),
            source: "counting")
    }
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
