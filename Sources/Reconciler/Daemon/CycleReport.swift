import Foundation
import RoleSyncCore

/// What one daemon cycle does.
public enum CycleKind: String, Sendable, Hashable, CaseIterable {
    /// Observe, execute the planned mutations, record the decision: what `apply` does.
    case converge
    /// A converge of only what change events name, started by their arrival between full
    /// converges: the same phases and safety rules, on the accounts and regions the events
    /// name, acting on the instances and launch templates they name.
    case eventConverge = "event-converge"
    /// Observe only: refreshes the drift figures between converges; writes nothing anywhere.
    case driftCheck = "drift-check"
}

/// An action type and final status, the labels of `rolesync_actions_total`.
public struct ActionTally: Sendable, Hashable {
    public var type: ActionType
    public var status: ActionStatus

    public init(type: ActionType, status: ActionStatus) {
        self.type = type
        self.status = status
    }
}

/// What a cycle that ran to the end saw and did, in counts: small enough to keep in memory,
/// to log in one line and to turn into metrics.
public struct CycleSummary: Sendable, Equatable {
    /// The commit the desired state was read at.
    public var desiredRevision: String
    /// Instances looked at.
    public var instances: Int
    /// Drift items by kind, as observed before this cycle's actions.
    public var drift: [DriftKind: Int]
    /// Actions by type and final status (planned ones, for a drift check).
    public var actions: [ActionTally: Int]
    /// The decision commit written, when the run had something new to say.
    public var recordedCommit: String?

    public init(
        desiredRevision: String, instances: Int, drift: [DriftKind: Int] = [:], actions: [ActionTally: Int] = [:],
        recordedCommit: String? = nil
    ) {
        self.desiredRevision = desiredRevision
        self.instances = instances
        self.drift = drift
        self.actions = actions
        self.recordedCommit = recordedCommit
    }

    /// Counts of a plan's drift and of its actions (as planned, or as carried out).
    public init(plan: Plan, actions: [PlannedAction], recordedCommit: String?) {
        var drift: [DriftKind: Int] = [:]
        for item in plan.drift { drift[item.kind, default: 0] += 1 }
        var tallies: [ActionTally: Int] = [:]
        for action in actions { tallies[ActionTally(type: action.type, status: action.status), default: 0] += 1 }
        self.init(
            desiredRevision: plan.desiredRevision, instances: plan.summary.instances, drift: drift, actions: tallies,
            recordedCommit: recordedCommit)
    }

    /// Actions that ended with `status`, whatever their type.
    public func actionCount(_ status: ActionStatus) -> Int {
        actions.filter { $0.key.status == status }.values.reduce(0, +)
    }

    /// Drift items that mean an instance is out of line (`DriftKind.isDrift`).
    public var driftedCount: Int {
        drift.filter { $0.key.isDrift }.values.reduce(0, +)
    }
}

/// How a cycle ended.
public enum CycleOutcome: Sendable, Equatable {
    case succeeded(CycleSummary)
    case failed(CycleFailure)
}

/// One finished cycle: its kind, its times and how it ended.
public struct CycleResult: Sendable, Equatable {
    public var kind: CycleKind
    public var startedAt: Date
    public var finishedAt: Date
    public var outcome: CycleOutcome

    public init(kind: CycleKind, startedAt: Date, finishedAt: Date, outcome: CycleOutcome) {
        self.kind = kind
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
    }

    public var succeeded: Bool {
        if case .succeeded = outcome { return true }
        return false
    }

    public var duration: TimeInterval { finishedAt.timeIntervalSince(startedAt) }

    /// One line for people, e.g. `converge at 4f2a9c1: 52 instances, 7 drifted; 3 succeeded,
    /// 0 failed, 2 blocked; recorded 1b2c3d4 (1.2 s)` or `converge failed (git): …`.
    public var line: String {
        let seconds = String(format: "%.1f s", duration)
        switch outcome {
        case .succeeded(let summary):
            var text = "\(kind.rawValue) at \(summary.desiredRevision.prefix(7)): \(summary.instances) instances, "
                + "\(summary.driftedCount) drifted"
            if kind == .converge {
                text += "; \(summary.actionCount(.succeeded)) succeeded, \(summary.actionCount(.failed)) failed, "
                    + "\(summary.actionCount(.blocked)) blocked"
                text += summary.recordedCommit.map { "; recorded \($0.prefix(7))" } ?? "; nothing new to record"
            }
            return text + " (\(seconds))"
        case .failed(let failure):
            return "\(kind.rawValue) failed (\(failure.reason.rawValue)): \(failure.message) (\(seconds))"
        }
    }
}
