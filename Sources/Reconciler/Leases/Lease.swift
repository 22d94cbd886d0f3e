import RoleSyncCore

/// One shard's lease as the lease table holds it: who owns the shard and a counter that every
/// change moves. Shards are one account × region (`ShardKey`).
///
/// The pattern is the Amazon Kinesis Client Library's lease table: the owner renews by
/// bumping the counter; a reader calls a lease expired when the counter has not moved for the
/// failover time *on the reader's own monotonic clock*, so no two machines' clocks are ever
/// compared; every write is conditional on the counter the writer read (fencing), so of two
/// replicas racing for a lease exactly one wins.
public struct Lease: Sendable, Hashable {
    public var key: String
    /// Nil for a lease nobody holds (just created, or released).
    public var owner: String?
    public var counter: Int

    public init(key: String, owner: String?, counter: Int) {
        self.key = key
        self.owner = owner
        self.counter = counter
    }
}

/// The lease key of a target: `123456789012/eu-west-1`.
public enum ShardKey {
    public static func of(_ target: Target) -> String { target.description }
}

/// The lease table, an effect behind a small protocol: DynamoDB in production, a dictionary
/// in tests. Every write is conditional; a lost condition is `LeaseStoreError.conditionFailed`.
public protocol LeaseStore: Sendable {
    /// Every lease (a full scan: a few thousand items at most, one per shard).
    func leases() async throws -> [Lease]
    /// Creates `key` unowned with counter 0, unless it exists (then `conditionFailed`).
    func create(key: String) async throws
    /// Sets `owner` and bumps the counter, if the counter is still `lease.counter`.
    func write(_ lease: Lease, owner: String?) async throws -> Lease
}

public enum LeaseStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another writer got there first.
    case conditionFailed(key: String)
    /// The table cannot be reached or refused the request: no lease can be confirmed.
    case unavailable(String)

    public var description: String {
        switch self {
        case .conditionFailed(let key): "the lease of \(key) changed since it was read"
        case .unavailable(let reason): "the lease table is unavailable: \(reason)"
        }
    }
}
