import Foundation
@testable import Reconciler

/// A lease table in memory with DynamoDB's conditional-write semantics; `reachable` off makes
/// every call fail as a cut-off table would.
actor MemoryLeaseStore: LeaseStore {
    private var items: [String: Lease] = [:]
    var reachable = true
    private(set) var writes = 0
    /// Keys whose every write fails its condition, as if another writer always got there first.
    private var contested: Set<String> = []

    /// Every write fails with this (reads still answer), as under a policy without UpdateItem.
    private var writeRefusal: LeaseStoreError?
    /// How long each write takes, when set; `mostWritesAtOnce` then tells how many overlapped.
    private var writeDelay: Duration?
    private var writesInFlight = 0
    private(set) var mostWritesAtOnce = 0

    func delayWrites(_ delay: Duration?) { writeDelay = delay }

    func setReachable(_ value: Bool) { reachable = value }
    func refuseWrites(_ error: LeaseStoreError?) { writeRefusal = error }
    func contest(_ keys: Set<String>) { contested = keys }

    func leases() async throws -> [Lease] {
        try check()
        return items.values.sorted { $0.key < $1.key }
    }

    func create(key: String) async throws {
        try check()
        guard items[key] == nil else { throw LeaseStoreError.conditionFailed(key: key) }
        items[key] = Lease(key: key, owner: nil, counter: 0)
    }

    func write(_ lease: Lease, owner: String?) async throws -> Lease {
        try check()
        if let writeRefusal { throw writeRefusal }
        if let writeDelay {
            writesInFlight += 1
            mostWritesAtOnce = max(mostWritesAtOnce, writesInFlight)
            try? await Task.sleep(for: writeDelay)
            writesInFlight -= 1
        }
        guard let current = items[lease.key], current.counter == lease.counter, !contested.contains(lease.key) else {
            throw LeaseStoreError.conditionFailed(key: lease.key)
        }
        writes += 1
        let next = Lease(key: lease.key, owner: owner, counter: current.counter + 1)
        items[lease.key] = next
        return next
    }

    func owners() -> [String: String] { items.compactMapValues(\.owner) }

    private func check() throws {
        guard reachable else { throw LeaseStoreError.unavailable("connection refused") }
    }
}

/// Time moved by hand.
final class ManualLeaseClock: LeaseClock, @unchecked Sendable {
    private let lock = NSLock()
    private var elapsed = Duration.zero
    var now: Duration { lock.withLock { elapsed } }
    func advance(_ by: Duration) { lock.withLock { elapsed += by } }
}
