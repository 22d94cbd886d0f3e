import AWSClient
import Foundation

/// The live lease table for a daemon: DynamoDB in the session's home region, with the
/// caller's own credentials.
public enum LeaseWiring {
    /// A coordinator over `table`, which is made first if it does not exist.
    public static func coordinator(table: String, owner: String, failover: Duration, session: AWSSession) async throws
        -> LeaseCoordinator
    {
        let caller = try await session.callerIdentity()
        let client = DynamoDBClient(
            endpoint: try session.endpoints.endpoint(for: .dynamodb, region: session.homeRegion),
            credentials: session.credentials, policy: session.policy, account: caller.account, transport: session.transport)
        let table = DynamoDBLeaseStore(table: table, client: client)
        try await table.ensureTable()
        let store = DeadlineLeaseStore(inner: table, limit: DeadlineLeaseStore.limit(forFailover: failover))
        return LeaseCoordinator(owner: owner, store: store, failover: failover)
    }

    /// Renews until cancelled, feeding the lease metrics and `/readyz` after every pass.
    public static func keepRenewing(_ leases: LeaseCoordinator, metrics: DaemonMetrics, status: DaemonStatus) async {
        let previous = LeaseTallyBox()
        await leases.keepRenewing { tally, held in
            metrics.record(leases: tally, since: previous.swap(tally), owned: held.count)
            await status.leasesHeld(held)
        }
    }
}

/// The last pass's tally, so metrics count what changed.
final class LeaseTallyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var tally = LeaseTally()

    func swap(_ next: LeaseTally) -> LeaseTally {
        lock.withLock {
            defer { tally = next }
            return tally
        }
    }
}
