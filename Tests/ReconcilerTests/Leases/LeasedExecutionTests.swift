import AWSClient
import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// The executor and target resolver of a replica: mutations only in confirmed shards, in
/// batches, and the targets cut down to the shards held.
@Suite struct LeasedExecutionTests {
    /// Succeeds every action it is given, recording the batches.
    actor RecordingExecutor: RemediationExecutor {
        private(set) var batches: [[String]] = []
        func execute(_ actions: [PlannedAction], on targets: [ResolvedTarget], runId: String) async -> [PlannedAction] {
            batches.append(actions.map(\.instanceId))
            return actions.map { action in
                var done = action
                done.status = .succeeded
                return done
            }
        }
    }

    struct FixedTargets: TargetResolver {
        var targets: [Target]
        func resolveTargets(for desired: DesiredState) async throws -> [ResolvedTarget] {
            targets.map { ResolvedTarget(target: $0, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "a", secretAccessKey: "b"))) }
        }
    }

    static let east = Target(account: "111122223333", region: "us-east-1")
    static let west = Target(account: "111122223333", region: "us-west-2")

    static func action(_ id: String, _ target: Target, status: ActionStatus = .planned) -> PlannedAction {
        PlannedAction(type: .associate, instanceId: id, account: target.account, region: target.region, profile: "p", status: status)
    }

    @Test func actionsRunInConfirmedBatchesAndALostShardIsSkippedNamingTheLease() async throws {
        let store = MemoryLeaseStore()
        let mine = LeaseCoordinator(owner: "a", store: store)
        _ = await mine.pass(shards: [ShardKey.of(Self.east)])
        let inner = RecordingExecutor()
        let actions = (1...5).map { Self.action("i-e\($0)", Self.east) } + [Self.action("i-w1", Self.west)]
            + [Self.action("i-blocked", Self.east, status: .blocked)]

        let done = await LeasedExecutor(inner: inner, leases: mine, batchSize: 2).execute(actions, on: [], runId: "r")

        #expect(await inner.batches == [["i-e1", "i-e2"], ["i-e3", "i-e4"], ["i-e5"]])
        #expect(done.prefix(5).allSatisfy { $0.status == .succeeded })
        let west = try #require(done.first { $0.instanceId == "i-w1" })
        #expect(west.status == .skipped && west.reason?.contains("lease on 111122223333/us-west-2") == true)
        #expect(done.last?.status == .blocked, "actions not planned pass through untouched")
    }

    @Test func aLeaseStolenBetweenBatchesStopsTheRestOfThatShard() async throws {
        let store = MemoryLeaseStore()
        let mine = LeaseCoordinator(owner: "a", store: store)
        let shard = ShardKey.of(Self.east)
        _ = await mine.pass(shards: [shard])
        /// Takes the lease away after the first batch, as another replica's steal would.
        actor StealingExecutor: RemediationExecutor {
            let store: MemoryLeaseStore
            let shard: String
            private(set) var calls = 0
            init(store: MemoryLeaseStore, shard: String) { self.store = store; self.shard = shard }
            func execute(_ actions: [PlannedAction], on targets: [ResolvedTarget], runId: String) async -> [PlannedAction] {
                calls += 1
                let lease = try! await store.leases().first { $0.key == shard }!
                _ = try? await store.write(lease, owner: "b")
                return actions.map { var done = $0; done.status = .succeeded; return done }
            }
        }
        let inner = StealingExecutor(store: store, shard: shard)
        let done = await LeasedExecutor(inner: inner, leases: mine, batchSize: 2)
            .execute((1...5).map { Self.action("i-\($0)", Self.east) }, on: [], runId: "r")

        #expect(await inner.calls == 1)
        #expect(done.map(\.status) == [.succeeded, .succeeded, .skipped, .skipped, .skipped])
    }

    @Test func aMutationStartingLongAfterTheConfirmConfirmsAgainAndStopsWhenTheLeaseIsGone() async throws {
        let store = MemoryLeaseStore()
        let clock = ManualLeaseClock()
        let mine = LeaseCoordinator(owner: "a", store: store, failover: .seconds(30), clock: clock)
        let shard = ShardKey.of(Self.east)
        _ = await mine.pass(shards: [shard])
        /// Asks the gate before each action, as the live executor does before its first call;
        /// the round is slow: 15 s pass before the second action, and the lease is stolen then.
        actor SlowExecutor: RemediationExecutor {
            let store: MemoryLeaseStore
            let clock: ManualLeaseClock
            let shard: String
            private(set) var gateWrites: [Int] = []
            init(store: MemoryLeaseStore, clock: ManualLeaseClock, shard: String) {
                self.store = store
                self.clock = clock
                self.shard = shard
            }
            func execute(_ actions: [PlannedAction], on targets: [ResolvedTarget], runId: String) async -> [PlannedAction] {
                var done: [PlannedAction] = []
                for (index, action) in actions.enumerated() {
                    if index == 1 {
                        clock.advance(.seconds(15))
                        let lease = try! await store.leases().first { $0.key == shard }!
                        _ = try? await store.write(lease, owner: "b")
                    }
                    let before = await store.writes
                    let allowed = await MutationGate.allows(action.target)
                    gateWrites.append(await store.writes - before)
                    var outcome = action
                    outcome.status = allowed ? .succeeded : .skipped
                    done.append(outcome)
                }
                return done
            }
        }
        let inner = SlowExecutor(store: store, clock: clock, shard: shard)
        let done = await LeasedExecutor(inner: inner, leases: mine, batchSize: 5)
            .execute((1...2).map { Self.action("i-\($0)", Self.east) }, on: [], runId: "r")

        #expect(done.map(\.status) == [.succeeded, .skipped], "the second mutation would start 15 s after the confirm, on a stolen lease")
        #expect(await inner.gateWrites == [0, 0], "fresh: no second write; stale: the re-confirm was refused, nothing written")
        #expect(await MutationGate.allows(Self.east), "outside a replica's executor every mutation may start")
    }

    @Test func aReplicaResolvesOnlyTheShardsItHolds() async throws {
        let store = MemoryLeaseStore()
        let other = LeaseCoordinator(owner: "b", store: store)
        _ = await other.pass(shards: [ShardKey.of(Self.west)])
        let mine = LeaseCoordinator(owner: "a", store: store)
        let resolver = LeasedTargetResolver(inner: FixedTargets(targets: [Self.east, Self.west]), leases: mine)

        let targets = try await resolver.resolveTargets(for: DesiredState(revision: "r", assignments: [], policy: ReconcilePolicy()))

        #expect(targets.map(\.target) == [Self.east])
    }
}
