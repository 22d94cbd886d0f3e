/// A lease store whose every call answers within `limit` or fails as unavailable.
///
/// A table behind a network that loses packets does not refuse: its calls wait out read
/// timeouts and retries, which would hold a converge (and its reads and reports) for minutes.
/// A lease write that lands later than the failover time is worthless anyway, since another
/// replica may already have taken the lease, so the call is cancelled at the limit and the
/// replica behaves as when the table is unreachable: it holds nothing and mutates nothing.
public struct DeadlineLeaseStore: LeaseStore {
    public var inner: any LeaseStore
    public var limit: Duration

    public init(inner: any LeaseStore, limit: Duration) {
        self.inner = inner
        self.limit = limit
    }

    /// Half the failover time, but never under a second: a renewal every third of it then
    /// still lands before the lease could expire.
    public static func limit(forFailover failover: Duration) -> Duration {
        max(failover / 2, .seconds(1))
    }

    public func leases() async throws -> [Lease] {
        try await bounded { try await inner.leases() }
    }

    public func create(key: String) async throws {
        try await bounded { try await inner.create(key: key) }
    }

    public func write(_ lease: Lease, owner: String?) async throws -> Lease {
        try await bounded { try await inner.write(lease, owner: owner) }
    }

    private func bounded<Value: Sendable>(_ call: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let limit = limit
        return try await withThrowingTaskGroup(of: Value.self) { group in
            group.addTask { try await call() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw LeaseStoreError.unavailable("the lease table did not answer within \(limit)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
