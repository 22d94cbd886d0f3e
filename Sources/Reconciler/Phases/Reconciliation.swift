import AWSClient
import Foundation
import GitStore
import RoleSyncCore

/// One reconcile as a list of named phases, each a small function whose result is a value
/// the next phase takes: desired state → targets → live inventory → drift → plan → outcomes →
/// decision record. `plan` and `drift` stop after the plan; `apply` goes on.
public struct Reconciliation: Sendable {
    public var settings: ReconcileSettings
    public var session: AWSSession
    public var store: GitStore
    public var clock: any WallClock
    public var inventoryProgress: (@Sendable (Target, Int) -> Void)?

    public init(
        settings: ReconcileSettings, session: AWSSession, store: GitStore, clock: any WallClock = SystemWallClock(),
        inventoryProgress: (@Sendable (Target, Int) -> Void)? = nil
    ) {
        self.settings = settings
        self.session = session
        self.store = store
        self.clock = clock
        self.inventoryProgress = inventoryProgress
    }

    /// Phase 1: the desired state, valid and not empty, or an error that stops everything.
    public func loadDesiredState() async throws -> DesiredState {
        try await GitDesiredStateSource(settings: settings.repository).loadDesiredState(from: store)
    }

    /// Phase 2: which accounts and regions to read, and the credentials that reach each.
    /// Regions: `--region` flags, else the policy's, else the configured region. Accounts: the
    /// policy's (assuming their `roleArn`), else the caller's own.
    public func resolveTargets(for desired: DesiredState) async throws -> [ResolvedTarget] {
        let regions = !settings.aws.regions.isEmpty ? settings.aws.regions
            : !desired.policy.regions.isEmpty ? desired.policy.regions : session.configuredRegion.map { [$0] } ?? []
        guard !regions.isEmpty else { throw TargetError.noRegion }
        let caller = try await session.callerIdentity()
        let accounts = desired.policy.accounts.isEmpty ? [AccountTarget(id: caller.account)] : desired.policy.accounts
        var targets: [ResolvedTarget] = []
        for account in accounts {
            let credentials = try session.credentials(for: account, callerAccount: caller.account)
            for region in Set(regions).sorted() {
                targets.append(ResolvedTarget(target: Target(account: account.id, region: region), credentials: credentials))
            }
        }
        return targets
    }

    /// Phase 3: the live snapshot of every target.
    public func readInventory(_ targets: [ResolvedTarget], desired: DesiredState) async throws -> LiveInventory {
        try await AWSInventoryReader(session: session, progress: inventoryProgress)
            .read(targets, scanUserData: desired.policy.scanUserData)
    }

    /// Phase 4 (pure): what differs, and why.
    public func diff(_ desired: DesiredState, _ inventory: LiveInventory) -> DriftReport {
        Differ.diff(desired: desired, inventory: inventory, now: clock.now())
    }

    /// Phase 5 (pure): what to do about it.
    public func plan(_ drift: DriftReport, _ desired: DesiredState, _ inventory: LiveInventory) -> Plan {
        Planner.plan(drift: drift, desired: desired, inventory: inventory, options: PlanOptions(maxChanges: settings.maxChanges))
    }

    /// Phases 1-5 together: everything `plan` and `drift` report.
    public func observe() async throws -> Observation {
        let desired = try await loadDesiredState()
        let targets = try await resolveTargets(for: desired)
        let inventory = try await readInventory(targets, desired: desired)
        let drift = diff(desired, inventory)
        return Observation(desired: desired, targets: targets, inventory: inventory, drift: drift, plan: plan(drift, desired, inventory))
    }

    /// Phase 6: carry out the plan's mutations.
    public func execute(_ plan: Plan, targets: [ResolvedTarget], progress: (@Sendable (PlannedAction) -> Void)? = nil) async throws -> [PlannedAction] {
        var clients: [Target: EC2Client] = [:]
        for target in targets { clients[target.target] = try session.ec2(target.target, credentials: target.credentials) }
        let executor = AWSRemediationExecutor(clients: clients, concurrency: settings.concurrency, progress: progress)
        return await executor.execute(plan.actions)
    }

    /// Phases 6 and 7 together, as `apply` and the daemon run them: the plan's mutations are
    /// carried out (when it has any), then the run is recorded before anything else can fail.
    public func converge(
        _ plan: Plan, targets: [ResolvedTarget], startedAt: Date, author: GitSignature,
        progress: (@Sendable (PlannedAction) -> Void)? = nil
    ) async throws -> Convergence {
        let hasMutations = plan.actions.contains { $0.status == .planned && $0.type.isMutation }
        let outcomes = hasMutations ? try await execute(plan, targets: targets, progress: progress) : plan.actions
        let recorded = try await record(
            plan: plan, outcomes: outcomes, targets: targets.map(\.target), startedAt: startedAt, author: author)
        return Convergence(outcomes: outcomes, recorded: recorded)
    }

    /// Phase 7: record the run as a commit when it has something new to say. A record that
    /// cannot be committed (the repository is unreachable, the push keeps losing) is kept in
    /// the cache folder and committed first by the next run, so no decision is lost.
    public func record(
        plan: Plan, outcomes: [PlannedAction], targets: [Target], startedAt: Date, author: GitSignature
    ) async throws -> RecordedDecision? {
        let recorder = GitDecisionRecorder(store: store, branch: settings.decisionsBranch, author: author)
        let spool = PendingDecisions(cacheDirectory: settings.repository.cacheDirectory, repository: settings.repository.location)
        try await spool.commitPending(with: recorder)
        let previous = try await recorder.latestRecord()
        guard DecisionPolicy.isNewsworthy(actions: outcomes, drift: plan.drift, previousRecord: previous) else {
            return nil
        }
        var generator = SystemRandomNumberGenerator()
        let record = DecisionRecord(
            runId: RunId.make(date: startedAt, using: &generator), plan: plan, outcomes: outcomes,
            targets: targets, startedAt: startedAt, finishedAt: clock.now())
        do {
            let commit = try await recorder.record(record)
            return RecordedDecision(record: record, commit: commit)
        } catch {
            let kept = try spool.keep(record)
            throw DecisionNotCommitted(keptAt: kept.path, cause: error)
        }
    }
}

/// What phases 1-5 saw and decided.
public struct Observation: Sendable {
    public var desired: DesiredState
    public var targets: [ResolvedTarget]
    public var inventory: LiveInventory
    public var drift: DriftReport
    public var plan: Plan
}

/// What a converge did: every action's final status, and the decision it recorded, if any.
public struct Convergence: Sendable {
    public var outcomes: [PlannedAction]
    public var recorded: RecordedDecision?
}

/// A decision record and the commit that holds it.
public struct RecordedDecision: Sendable {
    public var record: DecisionRecord
    public var commit: String
}
