/// Asks the daemon for a converge now rather than at its next interval: what a signed push
/// webhook pulls. Pulls while a cycle runs, or several at once, coalesce into one.
public actor ConvergeTrigger {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    public init() {}

    /// Requests a converge as soon as the loop is between cycles.
    public func pull() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pending = true
        }
    }

    /// Returns once pulled (at once when a pull is pending), or when the task is cancelled.
    func wait() async {
        if pending {
            pending = false
            return
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Cancelled before the continuation was kept: the handler found none to resume.
                if Task.isCancelled { continuation.resume() } else { waiter = continuation }
            }
        } onCancel: {
            Task { await self.cancelWaiting() }
        }
    }

    /// Drops a pull that arrived while a converge was starting anyway.
    func consumePending() {
        pending = false
    }

    private func cancelWaiting() {
        waiter?.resume()
        waiter = nil
    }
}
