import Foundation

/// Where the daemon is in its life. Shared between the reconcile loop, which moves it on, and
/// the health endpoints, which read it.
public enum DaemonState: Sendable, Equatable {
    /// No cycle has finished yet.
    case starting
    /// Waiting for the next cycle; `last` is how the latest one ended.
    case idle(last: CycleResult)
    /// A cycle is running; `last` is how the previous one ended, if any did.
    case reconciling(CycleKind, since: Date, last: CycleResult?)
    /// Shutting down: no new cycle starts.
    case stopping(last: CycleResult?)

    /// The latest finished cycle, whatever the state.
    public var lastResult: CycleResult? {
        switch self {
        case .starting: nil
        case .idle(let last): last
        case .reconciling(_, _, let last), .stopping(let last): last
        }
    }

    /// `/healthz`: the loop is alive until it begins to stop.
    public var isAlive: Bool {
        if case .stopping = self { return false }
        return true
    }

    /// `/readyz`: ready once a cycle succeeded, and for as long as the latest one did. A cycle
    /// in progress keeps the readiness of the one before it.
    public var isReady: Bool {
        isAlive && lastResult?.succeeded == true
    }

    /// Why the daemon is or is not ready, in one line.
    public var readinessReason: String {
        if !isAlive { return "stopping" }
        guard let last = lastResult else { return "no cycle has finished yet" }
        switch last.outcome {
        case .succeeded(let summary):
            return "last \(last.kind.rawValue) succeeded at \(summary.desiredRevision.prefix(12))"
        case .failed(let failure):
            return "last \(last.kind.rawValue) failed (\(failure.reason.rawValue)): \(failure.message)"
        }
    }

    /// `starting`, `idle`, `reconciling` or `stopping`.
    public var name: String {
        switch self {
        case .starting: "starting"
        case .idle: "idle"
        case .reconciling: "reconciling"
        case .stopping: "stopping"
        }
    }
}

/// The daemon's shared mutable state, one writer (the loop) and many readers (HTTP requests).
public actor DaemonStatus {
    public private(set) var state: DaemonState = .starting
    /// Cycles finished, and how many of them failed.
    public private(set) var cycles = 0
    public private(set) var failures = 0
    /// Failures since the last success: how long the daemon has been unable to do its job.
    public private(set) var consecutiveFailures = 0
    /// With several replicas, the shards this one holds (nil for a single daemon).
    public private(set) var leasedShards: [String]?

    public init() {}

    /// A lease pass ended holding `shards`.
    public func leasesHeld(_ shards: Set<String>) {
        leasedShards = shards.sorted()
    }

    /// A cycle of `kind` begins. Ignored once stopping.
    public func cycleStarted(_ kind: CycleKind, at date: Date) {
        guard state.isAlive else { return }
        state = .reconciling(kind, since: date, last: state.lastResult)
    }

    /// A cycle ended; counts it, and stays `stopping` when a shutdown began meanwhile.
    public func cycleFinished(_ result: CycleResult) {
        cycles += 1
        if result.succeeded {
            consecutiveFailures = 0
        } else {
            failures += 1
            consecutiveFailures += 1
        }
        state = state.isAlive ? .idle(last: result) : .stopping(last: result)
    }

    /// A shutdown began: from now on not alive, not ready, and no new cycle starts.
    public func beginStopping() {
        state = .stopping(last: state.lastResult)
    }
}
