import Foundation
import RoleSyncCore

/// Where the desired state comes from: the effect boundary on the way in.
public protocol DesiredStateSource: Sendable {
    /// The desired state at `ref` (the configured revision when nil), valid and not empty, or
    /// a `DesiredStateError` that stops everything.
    func desiredState(at ref: String?) async throws -> DesiredState

    /// The commit a pull request's branch was cut from: the merge base of `base` and `head`
    /// (the configured revision when nil), or nil when their histories are unrelated or the
    /// source has no history. Changes made on the base after that commit are not the pull request's.
    func mergeBase(of base: String, and head: String?) async throws -> String?
}

extension DesiredStateSource {
    /// Sources without history compare with the base itself.
    public func mergeBase(of base: String, and head: String?) async throws -> String? { nil }
}

/// Which accounts and regions a desired state covers, and the credentials that reach each.
public protocol TargetResolver: Sendable {
    func resolveTargets(for desired: DesiredState) async throws -> [ResolvedTarget]
}

/// The effects one reconcile needs, injected: the live wiring talks to Git and AWS, tests pass
/// fakes so the orchestrator and the daemon cycle run in process.
public struct ReconcilePorts: Sendable {
    public var desiredState: any DesiredStateSource
    public var targets: any TargetResolver
    public var inventory: any InventoryReader
    public var executor: any RemediationExecutor
    public var recorder: any DecisionRecorder
    /// The desired state's commit history and signatures; nil for a source without commits.
    public var history: (any RevisionHistory)?

    public init(
        desiredState: any DesiredStateSource, targets: any TargetResolver, inventory: any InventoryReader,
        executor: any RemediationExecutor, recorder: any DecisionRecorder, history: (any RevisionHistory)? = nil
    ) {
        self.desiredState = desiredState
        self.targets = targets
        self.inventory = inventory
        self.executor = executor
        self.recorder = recorder
        self.history = history
    }
}
