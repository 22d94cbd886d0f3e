import AWSClient
import Foundation

/// The lease table in DynamoDB: one item per shard, `leaseKey` (the hash key), `leaseOwner`
/// (absent while nobody holds it), `leaseCounter`, and `lastRenewal` (the writer's wall
/// time, for people reading the table; never used to judge expiry). Every write is
/// conditional on the counter read, as in the Kinesis Client Library's lease table.
///
/// The table is created on first use (on-demand billing) when it does not exist; that needs
/// `dynamodb:DescribeTable` and `dynamodb:CreateTable` once, and `Scan`, `PutItem` and
/// `UpdateItem` always.
public struct DynamoDBLeaseStore: LeaseStore {
    public let table: String
    let client: DynamoDBClient
    let clock: any WallClock

    public init(table: String, client: DynamoDBClient, clock: any WallClock = SystemWallClock()) {
        self.table = table
        self.client = client
        self.clock = clock
    }

    /// Creates the table if it is missing and waits until it is active (up to `timeout`).
    public func ensureTable(timeout: Duration = .seconds(120), sleeper: any Sleeper = ContinuousSleeper()) async throws {
        let started = ContinuousClock.now
        var status = try await client.tableStatus(table)
        if status == nil {
            do {
                try await client.createTable(table, hashKey: "leaseKey")
            } catch let error as AWSServiceError where error.code == "ResourceInUseException" {
                // Another replica created it first.
            }
            status = try await client.tableStatus(table)
        }
        while status != "ACTIVE" {
            guard ContinuousClock.now - started < timeout else {
                throw LeaseStoreError.unavailable("lease table \(table) is \(status ?? "missing") after \(timeout.components.seconds) s")
            }
            try await sleeper.sleep(for: .seconds(1))
            status = try await client.tableStatus(table)
        }
    }

    public func leases() async throws -> [Lease] {
        try await mapped {
            try await client.scan(table).compactMap { item in
                guard case .string(let key)? = item["leaseKey"], case .number(let counter)? = item["leaseCounter"] else { return nil }
                let owner: String? = if case .string(let name)? = item["leaseOwner"] { name } else { nil }
                return Lease(key: key, owner: owner, counter: counter)
            }
        }
    }

    public func create(key: String) async throws {
        try await mapped(key: key) {
            try await client.put(
                table, item: ["leaseKey": .string(key), "leaseCounter": .number(0)], condition: "attribute_not_exists(leaseKey)")
        }
    }

    public func write(_ lease: Lease, owner: String?) async throws -> Lease {
        var values: [String: DynamoDBClient.Attribute] = [
            ":counter": .number(lease.counter), ":next": .number(lease.counter + 1),
            ":now": .string(clock.now().formatted(.iso8601)),
        ]
        var update = "SET leaseCounter = :next, lastRenewal = :now"
        if let owner {
            values[":owner"] = .string(owner)
            update += ", leaseOwner = :owner"
        } else {
            update += " REMOVE leaseOwner"
        }
        let written = try await mapped(key: lease.key) {
            try await client.update(
                table, key: ["leaseKey": .string(lease.key)], update: update, condition: "leaseCounter = :counter", values: values)
        }
        guard case .number(let counter)? = written["leaseCounter"] else {
            throw LeaseStoreError.unavailable("UpdateItem of \(lease.key) answered without leaseCounter")
        }
        return Lease(key: lease.key, owner: owner, counter: counter)
    }

    /// A lost condition as `conditionFailed`; anything else leaves the table unconfirmable.
    private func mapped<T>(key: String = "", _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AWSServiceError where error.code == "ConditionalCheckFailedException" {
            throw LeaseStoreError.conditionFailed(key: key)
        } catch let error as LeaseStoreError {
            throw error
        } catch {
            throw LeaseStoreError.unavailable("\(error)")
        }
    }
}
