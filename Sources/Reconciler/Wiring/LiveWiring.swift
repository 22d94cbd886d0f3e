import AWSClient
import Foundation
import GitStore
import Logging
import RoleSyncCore

/// Hooks for people watching a run on a terminal.
public struct ReconcileHooks: Sendable {
    /// After each target's inventory is read.
    public var inventoryRead: (@Sendable (Target, Int) -> Void)?
    /// After each action finishes.
    public var actionFinished: (@Sendable (PlannedAction) -> Void)?

    public init(
        inventoryRead: (@Sendable (Target, Int) -> Void)? = nil, actionFinished: (@Sendable (PlannedAction) -> Void)? = nil
    ) {
        self.inventoryRead = inventoryRead
        self.actionFinished = actionFinished
    }
}

/// The live ports: Git through libgit2 and AWS through one session. Every command and the
/// daemon build their reconcile here, so there is one way in.
public struct LiveWiring: Sendable {
    public var settings: ReconcileSettings
    public var session: AWSSession
    /// The author of decision commits, at a given time.
    public var author: @Sendable (Date) -> GitSignature
    public var hooks: ReconcileHooks
    public var logger: Logger
    /// With several replicas: the shard leases this one holds. Its reconciles then cover only
    /// those shards, and mutate only after confirming the lease.
    public var leases: LeaseCoordinator?
    /// A one-off run's leases (`apply --lease-table`): claimed for the shards it touches, so
    /// mutations are confirmed as a replica's are, but targets are not cut down.
    public var runLeases: LeaseCoordinator?

    public init(
        settings: ReconcileSettings, session: AWSSession, author: @escaping @Sendable (Date) -> GitSignature,
        hooks: ReconcileHooks = ReconcileHooks(), logger: Logger = Logger(label: "rolesync.reconcile")
    ) {
        self.settings = settings
        self.session = session
        self.author = author
        self.hooks = hooks
        self.logger = logger
    }

    /// The files of the crash-safe converge, for the configured repository.
    public var stateFiles: ReconcileStateFiles {
        ReconcileStateFiles(cacheDirectory: settings.repository.cacheDirectory, repository: settings.repository.identity)
    }

    /// A reconcile over `store` with every port live.
    public func reconciliation(store: GitStore, clock: any WallClock = SystemWallClock()) -> Reconciliation {
        let state = stateFiles
        let desired = GitDesiredState(settings: settings.repository, store: store)
        let targets: any TargetResolver = SessionTargetResolver(session: session, regionOverrides: settings.aws.regions)
        let executor: any RemediationExecutor = SessionRemediationExecutor(
            session: session, journal: state.journal, concurrency: settings.concurrency, progress: hooks.actionFinished)
        let ports = ReconcilePorts(
            desiredState: desired,
            targets: leases.map { LeasedTargetResolver(inner: targets, leases: $0) } ?? targets,
            inventory: AWSInventoryReader(session: session, progress: hooks.inventoryRead),
            executor: (leases ?? runLeases).map { LeasedExecutor(inner: executor, leases: $0) } ?? executor,
            recorder: GitDecisionRecorder(store: store, branch: settings.decisionsBranch, author: author(clock.now())),
            history: desired)
        return Reconciliation(
            ports: ports, state: state, maxChanges: settings.maxChanges, trust: settings.trust, clock: clock, logger: logger)
    }

    /// The single-writer lock of the configured repository.
    public func runLock(timeout: Duration) -> RunLock {
        RunLock(cacheDirectory: settings.repository.cacheDirectory, repository: settings.repository.identity, timeout: timeout)
    }
}
