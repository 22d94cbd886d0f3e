import AWSClient
import Foundation
import Logging
import RoleSyncCore

/// One reconcile as a list of named phases, each a small function whose result is a value
/// the next phase takes: desired state → targets → live inventory → drift → plan → outcomes →
/// decision record. `plan` and `drift` stop after the plan; `apply` and the daemon go on.
///
/// Every effect comes through `ports`; the cache-folder files that make a converge crash-safe
/// (the intent journal and the kept records) are plain files under `state`.
public struct Reconciliation: Sendable {
    public var ports: ReconcilePorts
    public var state: ReconcileStateFiles
    /// Overrides the policy's `maxChanges` for this run.
    public var maxChanges: Int?
    /// What the desired revision must prove before anything is changed.
    public var trust: TrustSettings
    public var clock: any WallClock
    public var logger: Logger

    public init(
        ports: ReconcilePorts, state: ReconcileStateFiles, maxChanges: Int? = nil, trust: TrustSettings = TrustSettings(),
        clock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "rolesync.reconcile")
    ) {
        self.ports = ports
        self.state = state
        self.maxChanges = maxChanges
        self.trust = trust
        self.clock = clock
        self.logger = logger
    }

    /// Phase 1: the desired state, valid and not empty, or an error that stops everything.
    public func loadDesiredState() async throws -> DesiredState {
        try await ports.desiredState.desiredState(at: nil)
    }

    /// Phase 2: which accounts and regions to read, and the credentials that reach each.
    public func resolveTargets(for desired: DesiredState) async throws -> [ResolvedTarget] {
        try await ports.targets.resolveTargets(for: desired)
    }

    /// Phase 3: the live snapshot of every target.
    public func readInventory(_ targets: [ResolvedTarget], desired: DesiredState) async throws -> LiveInventory {
        try await ports.inventory.read(targets, scanUserData: desired.policy.scanUserData)
    }

    /// Phase 4 (pure): what differs, and why.
    public func diff(_ desired: DesiredState, _ inventory: LiveInventory) -> DriftReport {
        Differ.diff(desired: desired, inventory: inventory, now: clock.now())
    }

    /// Phase 5 (pure): what to do about it.
    public func plan(_ drift: DriftReport, _ desired: DesiredState, _ inventory: LiveInventory) -> Plan {
        Planner.plan(drift: drift, desired: desired, inventory: inventory, options: PlanOptions(maxChanges: maxChanges))
    }

    /// Phases 1-5 together: everything `plan` and `drift` report.
    ///
    /// `narrowedTo` is for a converge started by change events: only the targets the events
    /// name are read (none, when this process reconciles none of them), diffed in full as
    /// always, and the drift is then cut to what the events name before it is planned.
    public func observe(narrowedTo causes: ChangeCauses? = nil) async throws -> Observation {
        let desired = try await loadDesiredState()
        var targets = try await resolveTargets(for: desired)
        if let causes { targets = targets.filter { causes.targets.contains($0.target) } }
        let inventory = targets.isEmpty && causes != nil
            ? LiveInventory(targets: [], instances: []) : try await readInventory(targets, desired: desired)
        var drift = diff(desired, inventory)
        if let causes { drift = drift.narrowed(to: causes) }
        return Observation(desired: desired, targets: targets, inventory: inventory, drift: drift, plan: plan(drift, desired, inventory))
    }

    /// Phases 6 and 7 together, as `apply` and the daemon run them. Runs that stopped before
    /// recording what they sent (their intents are still in the journal) are judged against
    /// the inventory just read, which re-read their instances before this plan was made, and
    /// folded into this run's record.
    /// Then the plan's mutations are carried out, each announced in the journal first, and the
    /// run is recorded; the journal is cleared only once that record is kept.
    ///
    /// Before any of that, the desired revision must pass `verifyRevision` (unless `verified`
    /// proves it already did); a refused revision is recorded and thrown as a
    /// `RevisionRefusal`, and nothing is changed.
    ///
    /// `recordOnlyWhenActed` is for event converges: they see a part of the fleet, so what
    /// stands in it is no news against a full record, and they record only what they did.
    public func converge(
        _ plan: Plan, observed: Observation, startedAt: Date, verified: VerifiedRevision? = nil,
        recordOnlyWhenActed: Bool = false
    ) async throws -> Convergence {
        if verified?.revision != plan.desiredRevision { try await verifyRevision(plan, startedAt: startedAt) }
        let interrupted = try await interruptedRuns(seenIn: observed.inventory)
        var generator = SystemRandomNumberGenerator()
        let runId = RunId.make(date: startedAt, using: &generator)
        let hasMutations = plan.actions.contains { $0.status == .planned && $0.type.isMutation }
        let outcomes = hasMutations
            ? await ports.executor.execute(plan.actions, on: observed.targets, runId: runId) : plan.actions
        if hasMutations { logActions(outcomes, runId: runId) }
        let recording = await record(
            plan: plan, outcomes: outcomes, targets: observed.targets.map(\.target), runId: runId, startedAt: startedAt,
            interrupted: interrupted, onlyWhenActed: recordOnlyWhenActed)
        logDecision(recording, runId: runId)
        if recording.isKept {
            do {
                try await state.journal.clear()
            } catch {
                logger.warning("the intent journal could not be cleared; the next run re-reads its instances", metadata: [
                    "file": "\(state.journal.file.path)", "error": "\(error)",
                ])
            }
        }
        return Convergence(runId: runId, outcomes: outcomes, interrupted: interrupted, recording: recording)
    }

    /// The journal's unfinished runs, less any whose record was kept before the journal could
    /// be cleared (a crash between the two).
    func interruptedRuns(seenIn inventory: LiveInventory) async throws -> [InterruptedRun] {
        let runs = try await state.journal.unfinishedRuns().filter { !state.pending.holds($0.runId) }
        for run in runs {
            logger.warning("an earlier run stopped after sending mutations; folding it into this run's record", metadata: [
                "interruptedRun": "\(run.runId)", "calls": "\(run.calls.count)",
            ])
        }
        return runs.map { $0.interrupted(given: inventory) }
    }
}

/// The files in the cache folder that make a converge crash-safe, for one repository.
public struct ReconcileStateFiles: Sendable {
    public var journal: IntentJournal
    public var pending: PendingDecisions

    public init(journal: IntentJournal, pending: PendingDecisions) {
        self.journal = journal
        self.pending = pending
    }

    public init(cacheDirectory: URL, repository: String) {
        self.init(
            journal: IntentJournal(cacheDirectory: cacheDirectory, repository: repository),
            pending: PendingDecisions(cacheDirectory: cacheDirectory, repository: repository))
    }
}

/// What phases 1-5 saw and decided.
public struct Observation: Sendable {
    public var desired: DesiredState
    public var targets: [ResolvedTarget]
    public var inventory: LiveInventory
    public var drift: DriftReport
    public var plan: Plan

    public init(desired: DesiredState, targets: [ResolvedTarget], inventory: LiveInventory, drift: DriftReport, plan: Plan) {
        self.desired = desired
        self.targets = targets
        self.inventory = inventory
        self.drift = drift
        self.plan = plan
    }
}

/// What a converge did: every action's final status, the interrupted runs it accounted for,
/// and how its decision was recorded.
public struct Convergence: Sendable {
    public var runId: String
    public var outcomes: [PlannedAction]
    public var interrupted: [InterruptedRun]
    public var recording: Recording

    /// The decision commit, when one was made.
    public var recorded: RecordedDecision? {
        if case .committed(let recorded) = recording { return recorded }
        return nil
    }
}

/// A decision record and the commit that holds it.
public struct RecordedDecision: Sendable {
    public var record: DecisionRecord
    public var commit: String
}

extension Reconciliation {
    /// Phases 1-5 one shard (account and region) at a time, as the daemon runs them: each
    /// target's inventory is diffed and planned as soon as it is read and then let go, so memory
    /// follows the largest shard and what is out of line, not the organization. The plan is the
    /// one `observe()` makes (`ShardedPlanner`); the observation's inventory keeps the targets,
    /// profiles and failures, and only the instances an interrupted run's calls are judged by.
    public func observeByShard() async throws -> Observation {
        let desired = try await loadDesiredState()
        let targets = try await resolveTargets(for: desired)
        let keep = Set(try await state.journal.unfinishedRuns().flatMap { run in
            run.calls.map { Differ.instanceKey($0.call.instanceId, Target(account: $0.call.account, region: $0.call.region)) }
        })
        var planner = ShardedPlanner(desired: desired, now: clock.now(), options: PlanOptions(maxChanges: maxChanges), keep: keep)
        try await ports.inventory.readShards(targets, scanUserData: desired.policy.scanUserData) { planner.add($0) }
        let (drift, plan, inventory) = planner.finish()
        return Observation(desired: desired, targets: targets, inventory: inventory, drift: drift, plan: plan)
    }
}
