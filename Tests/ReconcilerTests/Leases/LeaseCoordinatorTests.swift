import Foundation
import AWSClient
import Testing
@testable import Reconciler

/// Replicas sharing shards through the lease table: even load, no shard held twice, takeover
/// after a replica dies, fencing of a replica whose lease was taken, and a table cut off.
@Suite struct LeaseCoordinatorTests {
    static let shards = (1...12).map { "1111222233\(String(format: "%02d", $0))/eu-west-1" }
    static let failover = Duration.seconds(30)

    struct Fleet {
        let store = MemoryLeaseStore()
        let clock = ManualLeaseClock()
        var replicas: [LeaseCoordinator] = []

        init(_ names: [String]) {
            replicas = names.map { LeaseCoordinator(owner: $0, store: store, failover: LeaseCoordinatorTests.failover, clock: clock) }
        }

        /// One round: every live replica passes once, then a third of the failover time goes by.
        func round(_ live: [LeaseCoordinator]? = nil) async -> [Set<String>] {
            var held: [Set<String>] = []
            for replica in live ?? replicas { held.append(await replica.pass(shards: LeaseCoordinatorTests.shards)) }
            clock.advance(LeaseCoordinatorTests.failover / 3)
            return held
        }
    }

    static func disjoint(_ sets: [Set<String>]) -> Bool {
        sets.reduce(0) { $0 + $1.count } == Set(sets.flatMap { $0 }).count
    }

    /// What a mutation batch would do: every replica that believes it holds a shard confirms
    /// it. Returns the shards more than one replica could confirm (must be none).
    static func doublyConfirmed(_ replicas: [LeaseCoordinator]) async -> [String] {
        var confirmed: [String: Int] = [:]
        for replica in replicas {
            for shard in await replica.shards where await replica.confirm(shard) { confirmed[shard, default: 0] += 1 }
        }
        return confirmed.filter { $0.value > 1 }.map(\.key)
    }

    @Test func threeReplicasOwnEveryShardEvenlyAndNeverTheSameOne() async {
        let fleet = Fleet(["a", "b", "c"])
        var rounds = 0
        var held: [Set<String>] = []
        repeat {
            held = await fleet.round()
            // A replica robbed of a lease still lists it until its next pass; what matters is
            // that only the new owner can confirm it before mutating.
            #expect(await Self.doublyConfirmed(fleet.replicas).isEmpty, "round \(rounds): a shard confirmed by two replicas")
            held = await fleet.replicas.asyncMap { await $0.shards }
            rounds += 1
        } while held.map(\.count) != [4, 4, 4] && rounds < 30
        #expect(Self.disjoint(held), "once confirmed, each shard has one holder")
        #expect(held.map(\.count) == [4, 4, 4])
        #expect(rounds <= 6, "balanced within two failover times (6 rounds of a third)")
        #expect(Set(await fleet.store.owners().keys) == Set(Self.shards))
        // Balanced, it stays put: nobody steals from a replica at its share.
        _ = await fleet.round()
        #expect(await fleet.replicas.asyncMap { await $0.shards } == held)
    }

    @Test func theShardsOfAReplicaThatStopsAreTakenOverAfterTheFailoverTime() async {
        let fleet = Fleet(["a", "b", "c"])
        for _ in 0..<8 { _ = await fleet.round() }
        let lost = await fleet.replicas[2].shards
        #expect(lost.count == 4)
        let survivors = Array(fleet.replicas.prefix(2))
        var rounds = 0
        var held: [Set<String>] = []
        repeat {
            held = await fleet.round(survivors)
            rounds += 1
        } while held.map(\.count) != [6, 6] && rounds < 20
        #expect(held.map(\.count) == [6, 6])
        #expect(rounds <= 4, "the failover time (3 rounds) and one pass")
        #expect(await Self.doublyConfirmed(survivors).isEmpty)
    }

    @Test func aReplicaWhoseLeaseWasTakenCannotConfirmIt() async throws {
        let fleet = Fleet(["a", "b"])
        _ = await fleet.round([fleet.replicas[0]])
        let shard = try #require(await fleet.replicas[0].shards.sorted().first)
        #expect(await fleet.replicas[0].confirm(shard))
        // b arrives and steals while a still believes it holds everything.
        _ = await fleet.replicas[1].pass(shards: Self.shards)
        let stolen = await fleet.replicas[1].shards
        #expect(stolen.count == 1)
        let victim = try #require(stolen.first)
        #expect(await fleet.replicas[0].confirm(victim) == false, "the counter moved: a must not mutate there")
        #expect(await fleet.replicas[0].shards.contains(victim) == false)
        #expect(await fleet.replicas[1].confirm(victim))
    }

    @Test func aReplicaCutOffFromTheTableHoldsNothingAndTheOthersTakeOver() async {
        let fleet = Fleet(["a", "b"])
        for _ in 0..<8 { _ = await fleet.round() }
        #expect(await fleet.replicas[0].shards.count == 6)
        await fleet.store.setReachable(false)
        let coveredBefore = await fleet.replicas[0].covered
        let cutOff = await fleet.replicas[0].pass(shards: Self.shards)
        #expect(cutOff.isEmpty)
        let coveredCut = await fleet.replicas[0].covered
        #expect(coveredBefore.count == 6 && coveredCut == coveredBefore,
                "its shards stay read and reported while the table is away")
        for shard in Self.shards { #expect(await fleet.replicas[0].confirm(shard) == false) }
        #expect(await fleet.replicas[0].tally.renewalFailures >= 6)
        await fleet.store.setReachable(true)
        var held: Set<String> = []
        for _ in 0..<5 { held = (await fleet.round([fleet.replicas[1]]))[0] }
        #expect(held == Set(Self.shards), "b takes a's shards once their counters stop moving")
        let back = await fleet.replicas[0].pass(shards: Self.shards)
        let coveredBack = await fleet.replicas[0].covered
        #expect(back.count <= 1 && coveredBack == back,
                "back in touch, a covers only what it holds (at most the one lease it steals)")
    }

    @Test func ofTwoReplicasRacingForAFreeLeaseExactlyOneWins() async {
        let store = MemoryLeaseStore()
        try? await store.create(key: "s")
        let lease = Lease(key: "s", owner: nil, counter: 0)
        async let first = try? store.write(lease, owner: "a")
        async let second = try? store.write(lease, owner: "b")
        let winners = [await first, await second].compactMap { $0 }
        #expect(winners.count == 1)
    }

    @Test func aPassRenewsManyLeasesAtOnceButNoMoreThanItsBound() async {
        let store = MemoryLeaseStore()
        let replica = LeaseCoordinator(owner: "a", store: store, failover: .seconds(30), clock: ManualLeaseClock())
        let shards = (0..<80).map { "111122223333/region-\($0)" }
        #expect(await replica.pass(shards: shards).count == 80)
        await store.delayWrites(.milliseconds(20))
        #expect(await replica.pass(shards: shards).count == 80, "every lease still held after the renewals")
        let most = await store.mostWritesAtOnce
        #expect(most > 1 && most <= LeaseCoordinator.renewalsInFlight, "not one after another, and bounded: \(most) writes at once")
        #expect(await replica.tally.renewalFailures == 0)
    }

    @Test func leasesNobodyRenewsForTwiceTheFailoverTimeAreCounted() async {
        let fleet = Fleet(["a", "b"])
        for _ in 0..<8 { _ = await fleet.round() }
        // b stops, and a cannot take its leases: nobody reconciles those shards.
        let orphaned = await fleet.replicas[1].shards
        await fleet.store.contest(orphaned)
        var counts: [Int] = []
        for _ in 0..<7 {
            _ = await fleet.round([fleet.replicas[0]])
            counts.append(await fleet.replicas[0].tally.unrenewed)
        }
        #expect(counts.first == 0)
        #expect(counts.last == orphaned.count, "\(counts)")
        #expect(await fleet.replicas[0].shards.count == 6)
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var mapped: [T] = []
        for element in self { mapped.append(await transform(element)) }
        return mapped
    }
}

@Suite struct LeaseBalanceTests {
    static func leases(_ owners: [String?]) -> [Lease] {
        owners.enumerated().map { Lease(key: "s\(String(format: "%02d", $0.offset))", owner: $0.element, counter: 1) }
    }

    @Test func freeLeasesAreTakenUpToTheFairShare() {
        let choice = LeaseBalance.choose(leases: Self.leases(Array(repeating: nil, count: 10)), expired: [], me: "a")
        #expect(choice.take.count == 10, "alone, a replica's share is everything")
        let shared = LeaseBalance.choose(leases: Self.leases([nil, nil, nil, nil, "b", "b"]), expired: [], me: "a")
        #expect(shared.take.map(\.key) == ["s00", "s01", "s02"], "6 shards over 2 replicas")
    }

    @Test func expiredLeasesCountAsFreeAndTheirOwnerAsGone() {
        let choice = LeaseBalance.choose(leases: Self.leases(["b", "b", "b", "b"]), expired: ["s00", "s01", "s02", "s03"], me: "a")
        #expect(choice.take.count == 4)
    }

    @Test func oneLeaseIsStolenFromTheMostLoadedOnlyWhenItIsOverItsShare() {
        let steal = LeaseBalance.choose(leases: Self.leases(["b", "b", "b", "b", "b", "c"]), expired: [], me: "a")
        #expect(steal.take.isEmpty && steal.steal?.owner == "b")
        let even = LeaseBalance.choose(leases: Self.leases(["a", "a", "b", "b", "c"]), expired: [], me: "c")
        #expect(even == LeaseBalance.Choice(), "within one of even: nothing moves")
        let atShare = LeaseBalance.choose(leases: Self.leases(["a", "b", "b"]), expired: [], me: "a")
        #expect(atShare == LeaseBalance.Choice())
    }
}

/// The renewal loop between cycles, and the lease metrics it feeds.
@Suite struct LeaseRenewalTests {
    /// Each sleep moves the manual clock on by what was asked, and stops after `passes` sleeps.
    final class ClockSleeper: Sleeper, @unchecked Sendable {
        let clock: ManualLeaseClock
        let passes: Int
        private let lock = NSLock()
        private var slept = 0
        init(clock: ManualLeaseClock, passes: Int) {
            self.clock = clock
            self.passes = passes
        }
        func sleep(for duration: Duration) async throws {
            let stop = lock.withLock {
                slept += 1
                return slept >= passes
            }
            clock.advance(duration)
            if stop { throw CancellationError() }
        }
    }

    @Test func heldLeasesStayRenewedAndAreReleasedAfterTheLoop() async {
        let store = MemoryLeaseStore()
        let clock = ManualLeaseClock()
        let keeper = LeaseCoordinator(owner: "a", store: store, failover: .seconds(30), clock: clock)
        let rival = LeaseCoordinator(owner: "b", store: store, failover: .seconds(30), clock: clock)
        let shards = ["1/r1", "1/r2"]
        _ = await keeper.pass(shards: shards)
        let metrics = DaemonMetrics()
        let previous = LeaseTallyBox()

        // Ten passes over 100 s, each renewing both leases: their counters never stand still.
        let counters = LockedCounters()
        await keeper.keepRenewing(sleeper: ClockSleeper(clock: clock, passes: 10)) { tally, held in
            #expect(held.count == 2)
            counters.append(try! await store.leases().map(\.counter).reduce(0, +))
            metrics.record(leases: tally, since: previous.swap(tally), owned: held.count)
        }
        #expect(counters.values == counters.values.sorted() && Set(counters.values).count == 10, "\(counters.values)")
        await keeper.releaseAll()

        #expect(await store.owners().isEmpty, "released on the way out")
        let text = metrics.render()
        #expect(text.contains("rolesync_lease_shards_owned 2"))
        #expect(text.contains("rolesync_lease_acquisitions_total 2"))
        #expect(text.contains("rolesync_lease_shards_unrenewed 0"))
        #expect(await rival.pass(shards: shards).count == 2, "b takes them at once, without waiting out the failover time")
    }
}

final class LockedCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func append(_ value: Int) { lock.withLock { list.append(value) } }
    var values: [Int] { lock.withLock { list } }
}

/// `apply`'s claim: the run takes free leases of the shards it changes, and takes nothing
/// while a replica holds one of them.
@Suite struct LeaseClaimTests {
    @Test func aRunTakesFreeLeasesAndIsToldWhoHoldsTheOthers() async throws {
        let store = MemoryLeaseStore()
        let daemon = LeaseCoordinator(owner: "replica-a", store: store)
        _ = await daemon.pass(shards: ["1/us-east-1"])
        let run = LeaseCoordinator(owner: "apply-1", store: store)

        let refused = try await run.claim(["1/us-east-1", "1/us-west-2"])
        #expect(refused == ["1/us-east-1": "replica-a"])
        #expect(await run.shards.isEmpty, "nothing taken when any shard is held")

        let free = try await run.claim(["1/us-west-2", "2/eu-west-1"])
        #expect(free.isEmpty)
        #expect(await run.shards == ["1/us-west-2", "2/eu-west-1"])
        #expect(await run.confirm("2/eu-west-1"))
        await run.releaseAll()
        #expect(await store.owners() == ["1/us-east-1": "replica-a"])
    }

    /// A write refused (access denied) is not a race: the run is told the refusal, not that
    /// another run took the lease.
    @Test func aRefusedWriteIsThrownNotTakenForAnotherRun() async throws {
        let store = MemoryLeaseStore()
        let denied = LeaseStoreError.unavailable("AccessDeniedException: not authorized to perform: dynamodb:UpdateItem")
        await store.refuseWrites(denied)
        let run = LeaseCoordinator(owner: "apply-1", store: store)
        await #expect(throws: denied) { try await run.claim(["1/us-east-1"]) }
        #expect(await run.shards.isEmpty)
    }
}
