/// Why a converge is asked for before its interval.
public enum ConvergeReason: Sendable, Hashable {
    /// A signed push webhook: the desired state may have moved, so the whole fleet is converged.
    case push
    /// Change events arrived: only what they name is converged (`CycleKind.eventConverge`).
    case events
}

/// Asks the daemon for a converge now rather than at its next interval: what a signed push
/// webhook and the events listener pull. Pulls while a cycle runs, or several at once, coalesce
/// into one, keeping every reason.
public actor ConvergeTrigger {
    private var pending: Set<ConvergeReason> = []
    private var waiter: CheckedContinuation<Set<ConvergeReason>, Never>?

    public init() {}

    /// Requests a converge as soon as the loop is between cycles.
    public func pull(_ reason: ConvergeReason = .push) {
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: [reason])
        } else {
            pending.insert(reason)
        }
    }

    /// Returns the reasons once pulled (at once when a pull is pending), or none when the
    /// task is cancelled.
    @discardableResult
    func wait() async -> Set<ConvergeReason> {
        if !pending.isEmpty {
            defer { pending = [] }
            return pending
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Cancelled before the continuation was kept: the handler found none to resume.
                if Task.isCancelled { continuation.resume(returning: []) } else { waiter = continuation }
            }
        } onCancel: {
            Task { await self.cancelWaiting() }
        }
    }

    /// Drops pulls that arrived while a cycle covering them was starting anyway: every reason
    /// for a full converge, only `.events` for an event converge.
    func consumePending(_ kind: CycleKind) {
        switch kind {
        case .converge: pending = []
        case .eventConverge: pending.remove(.events)
        case .driftCheck: break
        }
    }

    private func cancelWaiting() {
        waiter?.resume(returning: [])
        waiter = nil
    }
}
