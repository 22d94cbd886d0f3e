import RoleSyncCore

/// A replica's executor: mutations run only in shards whose lease it confirms, with a
/// conditional write, just before each batch, and again before any mutation that would start
/// more than a third of the failover time after the last confirm (`MutationGate`). Actions are run in rounds of at most
/// `batchSize` per shard (shards side by side within a round, as the wrapped executor runs
/// them); a shard whose lease cannot be confirmed has the rest of its actions skipped, naming
/// the lease, while the other shards go on.
public struct LeasedExecutor: RemediationExecutor {
    public var inner: any RemediationExecutor
    public var leases: LeaseCoordinator
    public var batchSize: Int

    public init(inner: any RemediationExecutor, leases: LeaseCoordinator, batchSize: Int = 20) {
        self.inner = inner
        self.leases = leases
        self.batchSize = max(1, batchSize)
    }

    public func execute(_ actions: [PlannedAction], on targets: [ResolvedTarget], runId: String) async -> [PlannedAction] {
        var results = actions
        var pending: [String: [Int]] = [:]
        for (index, action) in actions.enumerated() where action.status == .planned {
            pending[ShardKey.of(action.target), default: []].append(index)
        }
        while !pending.isEmpty {
            var round: [Int] = []
            for shard in pending.keys.sorted() {
                let indices = pending[shard]!
                let batch = Array(indices.prefix(batchSize))
                if await leases.confirm(shard) {
                    round += batch
                    pending[shard] = indices.count > batch.count ? Array(indices.dropFirst(batch.count)) : nil
                } else {
                    for index in indices { results[index] = Self.skipped(actions[index], shard: shard) }
                    pending[shard] = nil
                }
            }
            guard !round.isEmpty else { continue }
            let (leases, fresh) = (self.leases, self.leases.failover / 3)
            let gate = MutationGate { target in await leases.confirmRecent(ShardKey.of(target), within: fresh) }
            let done = await MutationGate.$current.withValue(gate) {
                await inner.execute(round.map { actions[$0] }, on: targets, runId: runId)
            }
            for (index, action) in zip(round, done) { results[index] = action }
        }
        return results
    }

    static func skipped(_ action: PlannedAction, shard: String) -> PlannedAction {
        var skipped = action
        skipped.status = .skipped
        skipped.reason = "not run: this replica does not hold the lease on \(shard) (another replica took it, or the lease table is unreachable)"
        return skipped
    }
}

/// A replica's targets: only the shards it holds after a lease pass over all of them (or, while
/// the table cannot be reached, the ones it last held: see `LeaseCoordinator.covered`). The
/// other replicas reconcile the rest.
public struct LeasedTargetResolver: TargetResolver {
    public var inner: any TargetResolver
    public var leases: LeaseCoordinator

    public init(inner: any TargetResolver, leases: LeaseCoordinator) {
        self.inner = inner
        self.leases = leases
    }

    public func resolveTargets(for desired: DesiredState) async throws -> [ResolvedTarget] {
        let all = try await inner.resolveTargets(for: desired)
        await leases.pass(shards: all.map { ShardKey.of($0.target) })
        let covered = await leases.covered
        return all.filter { covered.contains(ShardKey.of($0.target)) }
    }
}
