import Dispatch

/// A serial executor that runs an actor's jobs on its own dispatch queue.
///
/// libgit2 calls block (fetch and push for seconds), so they must stay off the cooperative
/// thread pool, which has as many threads as cores. One queue per repository handle also keeps
/// every libgit2 object used by one thread at a time, and `git_error_last()` is read on the
/// thread that made the failing call. Linux has no `DispatchSerialQueue`, hence this type.
final class GitQueueExecutor: SerialExecutor {
    /// The queue every job, and so every libgit2 call on the store's handle, runs on.
    let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
