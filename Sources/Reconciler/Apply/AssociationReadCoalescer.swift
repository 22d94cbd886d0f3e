import AWSClient

/// Answers "which associations does instance X have now" for the concurrent actions of one
/// target (account × region) with as few DescribeIamInstanceProfileAssociations calls as it can.
///
/// Every action re-reads its instance before its mutation and polls it after. One call per
/// read made the non-mutating bucket (100 burst, 20 per second), not the mutation buckets,
/// the limit of an apply (BENCHMARKS, "Fleet-wide apply"). Here the first request starts a
/// short gathering window; every request that arrives during it, or while a call is in
/// flight, is answered by the next single call, filtered `instance-id` with all of their ids
/// (split at `maxValuesPerCall`). So the number of calls grows with the number of batches,
/// not with the number of actions.
///
/// Reads go by instance, never by `AssociationId.N`: EC2 fails a whole id list with
/// `InvalidAssociationID.NotFound` when one association in it is gone, which is exactly what
/// a poll after a disassociation expects to find; a filter value that matches nothing just
/// matches nothing. A failed call fails every request it would have answered, never only some.
public actor AssociationReadCoalescer {
    /// One call: the associations, in every state, of at most `maxValuesPerCall` instances.
    public typealias Fetch = @Sendable (_ instanceIds: [String]) async throws -> [IamInstanceProfileAssociation]
    typealias Waiter = CheckedContinuation<[IamInstanceProfileAssociation], any Error>

    /// Whether requests are being gathered or answered; `idle` when none is waiting.
    enum State { case idle, gathering, reading }

    public nonisolated let maxValuesPerCall: Int
    public nonisolated let gatheringWindow: Duration
    private let fetch: Fetch
    private let sleeper: any Sleeper
    private var state = State.idle
    /// Instance ids not yet read, in the order they were first asked for, each once.
    private var queued: [String] = []
    private var waiters: [String: [Waiter]] = [:]
    /// Calls made so far.
    public private(set) var calls = 0
    /// How many instances wait for the next call.
    var queuedInstances: Int { queued.count }

    /// - Parameter gatheringWindow: how long the first request waits for others to join its
    ///   call. Each action waits for it twice (before and after its mutation), which adds to
    ///   its time but not to the apply's: many actions of one bucket are in flight at once.
    ///   It is kept short so the check before a mutation stays just ahead of it.
    public init(
        maxValuesPerCall: Int = EC2Client.maxFilterValues, gatheringWindow: Duration = .milliseconds(250),
        sleeper: any Sleeper = ContinuousSleeper(), fetch: @escaping Fetch
    ) {
        self.maxValuesPerCall = max(1, maxValuesPerCall)
        self.gatheringWindow = gatheringWindow
        self.sleeper = sleeper
        self.fetch = fetch
    }

    /// Reads through `ec2`, one filtered listing per batch (following its pages).
    public init(ec2: EC2Client, gatheringWindow: Duration = .milliseconds(250)) {
        self.init(gatheringWindow: gatheringWindow) { ids in
            try await ec2.describeIamInstanceProfileAssociations(filters: [EC2Filter("instance-id", ids)])
        }
    }

    /// Every association EC2 lists for the instance, in any state, as the next batched call
    /// reads them.
    public func associations(of instanceId: String) async throws -> [IamInstanceProfileAssociation] {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            if waiters[instanceId] == nil { queued.append(instanceId) }
            waiters[instanceId, default: []].append(waiter)
            if state == .idle {
                state = .gathering
                Task { await self.drain() }
            }
        }
    }

    /// Waits out the gathering window, then answers batches until nobody is waiting.
    private func drain() async {
        if gatheringWindow > .zero { try? await sleeper.sleep(for: gatheringWindow) }
        while !queued.isEmpty {
            state = .reading
            let ids = queued
            queued = []
            var batch: [String: [Waiter]] = [:]
            for id in ids { batch[id] = waiters.removeValue(forKey: id) }
            let chunks = Self.chunks(ids, size: maxValuesPerCall)
            calls += chunks.count
            let fetch = self.fetch
            // A struct, not a tuple holding a `Result`: optimized builds of this toolchain
            // corrupted such tuples on their way out of a task group.
            await withTaskGroup(of: ChunkRead.self) { group in
                for (number, chunk) in chunks.enumerated() {
                    group.addTask {
                        do {
                            return ChunkRead(number: number, result: .success(try await fetch(chunk)))
                        } catch {
                            return ChunkRead(number: number, result: .failure(error))
                        }
                    }
                }
                for await read in group {
                    Self.answer(chunks[read.number], with: read.result, waiters: batch)
                }
            }
        }
        state = .idle
    }

    /// The answer to one chunk's call.
    struct ChunkRead: Sendable {
        var number: Int
        var result: Result<[IamInstanceProfileAssociation], any Error>
    }

    /// `ids` in slices of at most `size`, in order.
    static func chunks(_ ids: [String], size: Int) -> [[String]] {
        stride(from: 0, to: ids.count, by: size).map { Array(ids[$0..<min($0 + size, ids.count)]) }
    }

    /// Resumes every waiter of `ids`: each with its own instance's associations, or all with the error.
    private static func answer(
        _ ids: [String], with result: Result<[IamInstanceProfileAssociation], any Error>, waiters: [String: [Waiter]]
    ) {
        switch result {
        case .success(let associations):
            let byInstance = Dictionary(grouping: associations, by: \.instanceId)
            for id in ids { waiters[id]?.forEach { $0.resume(returning: byInstance[id] ?? []) } }
        case .failure(let error):
            for id in ids { waiters[id]?.forEach { $0.resume(throwing: error) } }
        }
    }
}
