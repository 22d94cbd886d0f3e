import AWSClient
import Foundation
import GitStore
import RoleSyncCore

/// One daemon cycle against Git and AWS: the same phases as `apply` (observe → execute →
/// record), without the confirmation, which a daemon cannot ask for. Enforcement is governed
/// by the policy instead: `mode: observe` and `suspend: true` make the planner block every
/// mutation, so the daemon keeps observing and recording without acting. Invalid or empty
/// desired state stops the cycle in its first phase, before anything is read from or done to AWS.
public struct ConvergeCycle: Sendable {
    public var settings: ReconcileSettings
    /// One session for the daemon's life: its rate limiter and retry quotas carry over cycles.
    public var session: AWSSession
    public var repository: RepositoryHandleCache
    public var clock: any WallClock
    /// The author of decision commits, at a given time.
    public var author: @Sendable (Date) -> GitSignature

    public init(
        settings: ReconcileSettings, session: AWSSession, clock: any WallClock = SystemWallClock(),
        author: @escaping @Sendable (Date) -> GitSignature
    ) {
        self.settings = settings
        self.session = session
        self.repository = RepositoryHandleCache(settings: settings.repository)
        self.clock = clock
        self.author = author
    }

    /// Runs one cycle: a converge carries out the plan and records it; a drift check only observes.
    public func run(_ kind: CycleKind) async throws -> CycleSummary {
        let startedAt = clock.now()
        let store = try await repository.fresh()
        let reconciliation = Reconciliation(settings: settings, session: session, store: store, clock: clock)
        let observed = try await reconciliation.observe()
        let plan = observed.plan
        guard kind == .converge else {
            return CycleSummary(plan: plan, actions: plan.actions, recordedCommit: nil)
        }
        let done = try await reconciliation.converge(
            plan, targets: observed.targets, startedAt: startedAt, author: author(clock.now()))
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
