import AWSClient
import Foundation
import GitStore
import RoleSyncCore

/// One daemon cycle against Git and AWS: the same phases as `apply` (observe → execute →
/// record), without the confirmation, which a daemon cannot ask for. Enforcement is governed
/// by the policy instead: `mode: observe` and `suspend: true` make the planner block every
/// mutation, so the daemon keeps observing and recording without acting. The fleet is read and
/// planned one shard at a time (`observeByShard`), so a daemon over an organization holds one
/// shard's inventory at a time, not every account's. Invalid or empty
/// desired state stops the cycle in its first phase, before anything is read from or done to AWS.
public struct ConvergeCycle: Sendable {
    /// A reconcile wired for this cycle (the live one fetches the repository first).
    public var reconciliation: @Sendable () async throws -> Reconciliation
    /// Held for a converge, so another process never plans and mutates the same fleet at once.
    public var lock: RunLock?
    public var clock: any WallClock
    /// Change events from the events queue: their causes explain this converge's drift, and
    /// their messages are deleted once its decision is recorded.
    public var events: EventInbox?

    public init(
        lock: RunLock?, clock: any WallClock = SystemWallClock(),
        reconciliation: @escaping @Sendable () async throws -> Reconciliation
    ) {
        self.reconciliation = reconciliation
        self.lock = lock
        self.clock = clock
    }

    /// The live cycle: the repository kept open between cycles and fetched at the start of
    /// each, one AWS session for the daemon's life (its rate limiter and retry quotas carry
    /// over cycles).
    public init(wiring: LiveWiring, lockTimeout: Duration, clock: any WallClock = SystemWallClock()) {
        let repository = RepositoryHandleCache(settings: wiring.settings.repository)
        self.init(lock: wiring.runLock(timeout: lockTimeout), clock: clock) {
            wiring.reconciliation(store: try await repository.fresh(), clock: clock)
        }
    }

    /// Runs one cycle: a converge carries out the plan and records it; an event converge does
    /// so for what its events name; a drift check only observes.
    public func run(_ kind: CycleKind) async throws -> CycleSummary {
        if kind == .driftCheck {
            let plan = try await reconciliation().observeByShard().plan
            return CycleSummary(plan: plan, actions: plan.actions, recordedCommit: nil)
        }
        let narrowed = kind == .eventConverge
        guard let lock else { return try await converge(narrowed: narrowed) }
        return try await lock.withLock(holder: "rolesync run") { try await converge(narrowed: narrowed) }
    }

    /// A converge of the whole fleet, or (`narrowed`) of what the pending events name. A narrowed
    /// converge becomes a full one when an earlier run stopped after sending mutations: those
    /// are judged against a full inventory, never a part of one.
    private func converge(narrowed: Bool) async throws -> CycleSummary {
        let startedAt = clock.now()
        // Taken before the fleet is read: every event counted here happened before this read.
        let (causes, mark) = await events?.beginCycle() ?? ([], 0)
        let reconciliation = try await reconciliation()
        let recovering = narrowed ? try await !reconciliation.state.journal.unfinishedRuns().isEmpty : false
        let scope = narrowed && !recovering ? ChangeCauses(causes) : nil
        // A full converge reads shard by shard; an event converge reads only its events' targets.
        let observed = if let scope {
            try await reconciliation.observe(narrowedTo: scope)
        } else {
            try await reconciliation.observeByShard()
        }
        let plan = observed.plan.attributing(causes)
        // A target that could not be read covers none of its events: they go back, and come again.
        let covered = Set(observed.targets.map(\.target)).subtracting(observed.inventory.failedTargets.map(\.target))
        // Nothing here is this replica's to reconcile: no run, no record; the events go back.
        if scope != nil && covered.isEmpty {
            await events?.settle(upTo: mark, covered: covered)
            return CycleSummary(plan: plan, actions: [], recordedCommit: nil)
        }
        let done = try await reconciliation.converge(
            plan, observed: observed, startedAt: startedAt, recordOnlyWhenActed: scope != nil)
        // A record kept for later (or lost) fails the cycle, so the daemon's health says so.
        if let failure = done.recording.failure { throw failure }
        await events?.settle(upTo: mark, covered: covered)
        return CycleSummary(plan: plan, actions: done.outcomes, recordedCommit: done.recorded?.commit)
    }
}

/// Keeps the desired-state repository open between cycles, and brings it up to date at the
/// start of each: a remote is fetched (its cache clone then mirrors the remote's branches);
/// a local repository is read as it is, its refs resolved afresh every cycle. After a Git
/// failure the handle is dropped, so the next cycle opens (or clones) the repository anew.
public actor RepositoryHandleCache {
    public let settings: RepositorySettings
    private var store: GitStore?

    public init(settings: RepositorySettings) {
        self.settings = settings
    }

    /// The repository, fetched when it is a remote.
    public func fresh() async throws -> GitStore {
        guard let store else {
            // Opening a remote clones it, or fetches into the existing cache clone.
            let opened = try await GitDesiredStateSource(settings: settings).openStore()
            self.store = opened
            return opened
        }
        if case .remote = store.source {
            do {
                try await store.fetch()
            } catch {
                self.store = nil
                throw error
            }
        }
        return store
    }
}
