import Foundation
import Testing
@testable import Reconciler

/// A table that never answers (packets lost, not refused) is cut off at the limit: the call
/// fails as unavailable instead of waiting out read timeouts, and a replica over it holds
/// nothing while the shards it held stay covered for reads.
@Suite struct DeadlineLeaseStoreTests {
    /// Answers only after an hour, unless cancelled first.
    struct SilentStore: LeaseStore {
        let answered = LockedFlag()
        func leases() async throws -> [Lease] { try await silence() }
        func create(key: String) async throws { let _: Int = try await silence() }
        func write(_ lease: Lease, owner: String?) async throws -> Lease { try await silence() }
        private func silence<T>() async throws -> T {
            try await Task.sleep(for: .seconds(3600))
            answered.set()
            throw LeaseStoreError.unavailable("answered late")
        }
    }

    final class LockedFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    @Test func aCallWithNoAnswerFailsAsUnavailableAtTheLimit() async {
        let silent = SilentStore()
        let store = DeadlineLeaseStore(inner: silent, limit: .milliseconds(100))
        let started = ContinuousClock.now
        await #expect(throws: LeaseStoreError.unavailable("the lease table did not answer within 0.1 seconds")) {
            try await store.write(Lease(key: "111122223333/eu-west-1", owner: nil, counter: 0), owner: "a")
        }
        #expect(ContinuousClock.now - started < .seconds(10), "cut at the limit, not after the silence")
        #expect(!silent.answered.isSet, "the waiting call is cancelled, not left running")
    }

    @Test func theLimitIsHalfTheFailoverTimeAndAtLeastASecond() {
        #expect(DeadlineLeaseStore.limit(forFailover: .seconds(30)) == .seconds(15))
        #expect(DeadlineLeaseStore.limit(forFailover: .seconds(1)) == .seconds(1))
    }

    @Test func aReplicaOverASilentTableHoldsNothingButKeepsCoveringWhatItHeld() async {
        let memory = MemoryLeaseStore()
        let gate = SwitchableStore(memory: memory)
        let replica = LeaseCoordinator(owner: "a", store: DeadlineLeaseStore(inner: gate, limit: .milliseconds(100)))
        let shards = ["111122223333/eu-west-1", "111122223333/eu-west-2"]
        #expect(await replica.pass(shards: shards) == Set(shards))
        gate.silent.set()
        #expect(await replica.pass(shards: shards).isEmpty)
        #expect(await replica.confirm(shards[0]) == false)
        #expect(await replica.covered == Set(shards))
    }

    /// The memory table until `silent` is set, then silence.
    struct SwitchableStore: LeaseStore {
        let memory: MemoryLeaseStore
        let silent = LockedFlag()
        let quiet = SilentStore()
        func leases() async throws -> [Lease] { silent.isSet ? try await quiet.leases() : try await memory.leases() }
        func create(key: String) async throws {
            if silent.isSet { try await quiet.create(key: key) } else { try await memory.create(key: key) }
        }
        func write(_ lease: Lease, owner: String?) async throws -> Lease {
            silent.isSet ? try await quiet.write(lease, owner: owner) : try await memory.write(lease, owner: owner)
        }
    }
}
