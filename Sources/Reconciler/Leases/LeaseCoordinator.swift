import AWSClient
import Foundation

/// One replica's side of the lease table: which shards it holds, kept by renewing, gained by
/// taking expired leases and stealing from the most loaded replica, and confirmed with a
/// conditional write before each batch of mutations.
///
/// Expiry is judged on this replica's monotonic clock: a lease whose counter it has not seen
/// move for `failover` is expired, whatever the owner's wall clock says.
public actor LeaseCoordinator {
    public let owner: String
    public let failover: Duration
    private let store: any LeaseStore
    private let clock: any LeaseClock
    /// Per lease, the counter last seen and when (on `clock`) it was first seen at that value.
    private var observed: [String: (counter: Int, since: Duration)] = [:]
    /// The leases this replica holds, as last written by it.
    private var held: [String: Lease] = [:]
    /// When (on `clock`) each held lease was last written by this replica.
    private var writtenAt: [String: Duration] = [:]
    /// The shards of the last `pass(shards:)`: what the renewal loop keeps passing over.
    private var wanted: [String] = []
    public private(set) var tally = LeaseTally()
    /// The shards a converge reads and reports: those held after the last pass that reached
    /// the table. While the table cannot be reached nothing is held (no mutation can be
    /// confirmed), but the shards this replica held stay covered, so their reads and drift
    /// reports go on; their actions are skipped, naming the lease.
    public private(set) var covered: Set<String> = []

    public init(owner: String, store: any LeaseStore, failover: Duration = .seconds(30), clock: any LeaseClock = MonotonicLeaseClock()) {
        self.owner = owner
        self.store = store
        self.failover = failover
        self.clock = clock
    }

    /// The shards held after the last pass.
    public var shards: Set<String> { Set(held.keys) }

    /// One pass: makes sure every shard has a lease item, renews the held ones (dropping any
    /// that another writer moved), then takes or steals per `LeaseBalance`. Renew well inside
    /// the failover time (a third of it, as the daemon does). A table that cannot be reached
    /// drops every lease at once: nothing is mutated without a confirmed lease.
    @discardableResult
    public func pass(shards wanted: [String]) async -> Set<String> {
        self.wanted = wanted
        do {
            var leases = try await store.leases()
            let known = Set(leases.map(\.key))
            for key in wanted where !known.contains(key) {
                do { try await store.create(key: key) } catch LeaseStoreError.conditionFailed {}
            }
            if wanted.contains(where: { !known.contains($0) }) { leases = try await store.leases() }
            let current = leases.filter { Set(wanted).contains($0.key) }
            observe(current)
            for lease in current where lease.owner != owner { drop(lease.key) }
            await renewAll(current.filter { held[$0.key] != nil })
            // Written under this replica's name by an earlier life of it: taken back at once.
            for lease in current where lease.owner == owner && held[lease.key] == nil {
                if await acquire(lease) { tally.acquisitions += 1 }
            }
            let expired = Set(current.filter(isExpired).map(\.key))
            let seen = current.map { held[$0.key] ?? $0 }
            let choice = LeaseBalance.choose(leases: seen, expired: expired, me: owner)
            for lease in choice.take where await acquire(lease) { tally.acquisitions += 1 }
            if let lease = choice.steal, await acquire(lease) {
                tally.acquisitions += 1
                tally.steals += 1
            }
            tally.unrenewed = current.filter { lease in
                guard held[lease.key] == nil, let seen = observed[lease.key] else { return false }
                return clock.now - seen.since >= failover * 2
            }.count
            covered = Set(held.keys)
        } catch {
            if !held.isEmpty { tally.renewalFailures += held.count }
            held.removeAll()
            writtenAt.removeAll()
        }
        return Set(held.keys)
    }

    /// Passes over the last shards asked for every third of the failover time until cancelled,
    /// so held leases stay renewed between cycles. `afterPass` sees each pass's result (for
    /// metrics). Call `releaseAll()` after, from a task that is not cancelled: a cancelled
    /// task's requests are cancelled too.
    public func keepRenewing(
        sleeper: any Sleeper = ContinuousSleeper(), afterPass: @Sendable (LeaseTally, Set<String>) async -> Void = { _, _ in }
    ) async {
        while !Task.isCancelled {
            let held = await pass(shards: wanted)
            await afterPass(tally, held)
            do { try await sleeper.sleep(for: failover / 3) } catch { break }
        }
    }

    /// For a one-off run (`apply`): takes the leases of `shards` if nobody holds them, steals
    /// none. Returns the holder of each shard another replica holds (then nothing is taken);
    /// empty when every lease is now this run's.
    public func claim(_ shards: Set<String>) async throws -> [String: String] {
        var leases = try await store.leases()
        for key in shards.subtracting(leases.map(\.key)).sorted() {
            do { try await store.create(key: key) } catch LeaseStoreError.conditionFailed {}
        }
        leases = try await store.leases().filter { shards.contains($0.key) }
        var holders: [String: String] = [:]
        for lease in leases { if let holder = lease.owner, holder != owner { holders[lease.key] = holder } }
        guard holders.isEmpty else { return holders }
        for lease in leases {
            do {
                try await take(lease)
            } catch LeaseStoreError.conditionFailed {
                holders[lease.key] = "another run that took it just now"
            } catch {
                // Refused, not raced (access denied, say): the caller must see why.
                await releaseAll()
                throw error
            }
        }
        if !holders.isEmpty { await releaseAll() }
        return holders
    }

    /// Confirms the lease on `shard` with a conditional write just before mutating in it.
    /// False when it is not held or was lost: the caller must start no mutation there.
    public func confirm(_ shard: String) async -> Bool {
        guard let lease = held[shard] else { return false }
        return await renew(lease)
    }

    /// `confirm`, unless this replica wrote the lease less than `within` ago: a mutation that
    /// starts soon after a confirm needs no second write.
    public func confirmRecent(_ shard: String, within: Duration) async -> Bool {
        guard held[shard] != nil else { return false }
        if let written = writtenAt[shard], clock.now - written < within { return true }
        return await confirm(shard)
    }

    /// Gives up every lease (on shutdown), so others need not wait out the failover time: every
    /// lease the table says this replica owns, at the table's counter. A renewal cancelled on
    /// the way out may have been written and then dropped from `held`, or left its counter
    /// behind; releasing only `held` at its counters left such a lease taken until failover.
    public func releaseAll() async {
        let owned = ((try? await store.leases()) ?? Array(held.values)).filter { $0.owner == owner }
        for lease in owned { _ = try? await store.write(lease, owner: nil) }
        held.removeAll()
        writtenAt.removeAll()
    }

    /// Leases renewed at once by a pass: a replica holding hundreds of shards renews them all
    /// well inside a third of the failover time.
    static let renewalsInFlight = 32

    /// Renews `leases` concurrently, at most `renewalsInFlight` writes at a time. A lease a
    /// `confirm` renewed meanwhile is not dropped for this pass's write losing to it.
    private func renewAll(_ leases: [Lease]) async {
        let written = await Self.writeAll(leases.map { held[$0.key] ?? $0 }, owner: owner, store: store)
        for outcome in written {
            if let renewed = outcome.renewed {
                hold(renewed)
            } else {
                tally.renewalFailures += 1
                if held[outcome.from.key] == outcome.from { drop(outcome.from.key) }
            }
        }
    }

    /// One conditional write of a pass: the lease written from, and what it became (nil when
    /// the write failed).
    struct Renewal: Sendable {
        var from: Lease
        var renewed: Lease?
    }

    /// Writes `leases` under `owner`, `renewalsInFlight` at a time. Outside the actor, each
    /// chunk its own group of plain values: optimized builds of this toolchain freed a group's
    /// results twice when they held errors and the group ran on the actor.
    nonisolated static func writeAll(_ leases: [Lease], owner: String, store: any LeaseStore) async -> [Renewal] {
        var written: [Renewal] = []
        var start = leases.startIndex
        while start < leases.endIndex {
            let chunk = leases[start..<min(start + renewalsInFlight, leases.endIndex)]
            start = chunk.endIndex
            written += await withTaskGroup(of: Renewal.self) { group in
                for lease in chunk {
                    group.addTask { Renewal(from: lease, renewed: try? await store.write(lease, owner: owner)) }
                }
                var done: [Renewal] = []
                for await renewal in group { done.append(renewal) }
                return done
            }
        }
        return written
    }

    private func renew(_ lease: Lease) async -> Bool {
        do {
            hold(try await store.write(held[lease.key] ?? lease, owner: owner))
            return true
        } catch {
            tally.renewalFailures += 1
            drop(lease.key)
            return false
        }
    }

    private func acquire(_ lease: Lease) async -> Bool {
        do {
            try await take(lease)
            return true
        } catch {
            return false
        }
    }

    private func take(_ lease: Lease) async throws {
        hold(try await store.write(lease, owner: owner))
    }

    /// Keeps a lease this replica just wrote.
    private func hold(_ lease: Lease) {
        held[lease.key] = lease
        writtenAt[lease.key] = clock.now
        observe([lease])
    }

    private func drop(_ key: String) {
        held[key] = nil
        writtenAt[key] = nil
    }

    private func observe(_ leases: [Lease]) {
        let now = clock.now
        for lease in leases where observed[lease.key]?.counter != lease.counter {
            observed[lease.key] = (lease.counter, now)
        }
    }

    private func isExpired(_ lease: Lease) -> Bool {
        guard lease.owner != nil, lease.owner != owner, let seen = observed[lease.key] else { return false }
        return clock.now - seen.since >= failover
    }
}

/// Counts for metrics: leases taken (steals included), steals, renewals that failed, and
/// leases no replica has renewed within twice the failover time (nobody reconciles them).
public struct LeaseTally: Sendable, Equatable {
    public var acquisitions = 0
    public var steals = 0
    public var renewalFailures = 0
    public var unrenewed = 0
}

/// Elapsed time on a monotonic clock; injected so tests move time by hand.
public protocol LeaseClock: Sendable {
    var now: Duration { get }
}

public struct MonotonicLeaseClock: LeaseClock {
    private let start = ContinuousClock.now
    public init() {}
    public var now: Duration { ContinuousClock.now - start }
}
