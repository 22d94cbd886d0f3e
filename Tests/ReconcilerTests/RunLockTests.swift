import Foundation
import Testing
@testable import Reconciler

/// One writer per repository on a machine.
@Suite struct RunLockTests {
    @Test func aSecondWriterWaitsThenSaysWhoHoldsTheLock() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let first = RunLock(cacheDirectory: cache, repository: "file:///srv/desired.git", timeout: .seconds(1))
        var second = RunLock(cacheDirectory: cache, repository: "file:///srv/desired.git", timeout: .milliseconds(300))
        second.pollInterval = .milliseconds(20)
        try await first.withLock(holder: "rolesync apply") {
            do {
                _ = try await second.withLock(holder: "rolesync run") { true }
                Issue.record("the second writer got the lock while the first held it")
            } catch let error as RunLockError {
                #expect("\(error)".contains("rolesync apply, pid \(getpid())"))
            }
        }
        // Released: now the second gets it.
        #expect(try await second.withLock(holder: "rolesync run") { true })
    }

    @Test func differentRepositoriesDoNotShareALock() async throws {
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let one = RunLock(cacheDirectory: cache, repository: "file:///srv/one.git", timeout: .zero)
        let two = RunLock(cacheDirectory: cache, repository: "file:///srv/two.git", timeout: .zero)
        let both = try await one.withLock(holder: "a") { try await two.withLock(holder: "b") { true } }
        #expect(both)
    }
}
