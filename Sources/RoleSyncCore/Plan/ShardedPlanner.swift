import Foundation

/// Diffs and plans a fleet one shard (account and region) at a time, so what is held is the
/// shard being planned plus what stands out of line, never the whole fleet: each shard's
/// inventory is let go once planned. The result is the plan `Planner.plan` makes of the whole
/// inventory, hash included; `maxChanges` is applied once over every shard's mutations, since
/// it bounds a run, not a shard.
public struct ShardedPlanner: Sendable {
    public let desired: DesiredState
    public let now: Date
    public let options: PlanOptions
    /// Instances (by `Differ.instanceKey`) whose live facts are kept after their shard is planned:
    /// those an interrupted run's calls are judged by.
    public let keep: Set<String>

    private var items: [DriftItem] = []
    private var resolutions: [Resolution] = []
    private var actions: [PlannedAction] = []
    private var counts = DriftSummary(instances: 0, inSync: 0, drifted: 0)
    private var digests = PlanHash.TargetDigests()
    private var targets: [Target] = []
    private var failedTargets: [FailedTarget] = []
    private var profiles: [String: [LiveInstanceProfile]] = [:]
    private var kept: [LiveInstance] = []

    public init(desired: DesiredState, now: Date, options: PlanOptions = PlanOptions(), keep: Set<String> = []) {
        self.desired = desired
        self.now = now
        self.options = options
        self.keep = keep
    }

    /// Diffs and plans one shard, keeping its drift, its actions (no `maxChanges` yet) and its
    /// digest. In-sync instances leave nothing behind but their count.
    public mutating func add(_ shard: LiveInventory) {
        let drift = Differ.diff(desired: desired, inventory: shard, now: now)
        let plan = Planner.plan(drift: drift, desired: desired, inventory: shard, options: PlanOptions(maxChanges: .max))
        items += drift.items
        resolutions += drift.resolutions.filter { !$0.isInSync }
        actions += plan.actions
        counts.instances += drift.summary.instances
        counts.inSync += drift.summary.inSync
        counts.drifted += drift.summary.drifted
        digests.add(shard)
        targets += shard.targets
        failedTargets += shard.failedTargets
        profiles.merge(shard.profiles) { first, _ in first }
        if !keep.isEmpty { kept += shard.instances.filter { keep.contains(Differ.instanceKey($0.instanceId, $0.target)) } }
    }

    /// What the shards add up to: the drift report (resolutions of instances out of line only),
    /// the plan, and an inventory of the targets, profiles, failures and kept instances.
    public func finish() -> (drift: DriftReport, plan: Plan, inventory: LiveInventory) {
        var limited = actions
        Planner.limitChanges(&limited, to: options.maxChanges ?? desired.policy.maxChanges)
        let failed = failedTargets.sorted()
        let drift = DriftReport(
            desiredRevision: desired.revision, summary: counts, items: items.sorted(), resolutions: resolutions.sorted(),
            failedTargets: failed)
        let hash = digests.finalize(desired: desired.manifestDigest ?? desired.revision, profiles: profiles, failedTargets: failed)
        let plan = Planner.assemble(
            desired: desired, planHash: hash, summary: counts, drift: drift.items, actions: limited, failedTargets: failed)
        let inventory = LiveInventory(
            targets: targets.sorted(), instances: kept, profiles: profiles, failedTargets: failed)
        return (drift, plan, inventory)
    }
}
