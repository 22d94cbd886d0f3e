import AWSClient
import Foundation
import Testing
import TestSupport
@testable import Reconciler

/// The lease table in the emulator's DynamoDB: created on first use, conditional writes that
/// fence, and three replicas sharing twelve shards through it.
@Suite(.serialized) struct DynamoDBLeaseStoreTests {
    actor Emulator {
        static let shared = Emulator()
        private var server: Task<MotoServer, any Error>?
        func get() async throws -> MotoServer {
            let task = server ?? Task { try await MotoServer.start(timeout: .seconds(60)) }
            server = task
            return try await task.value
        }
    }

    static func store(table: String) async throws -> (DynamoDBLeaseStore, QueryTransport) {
        let server = try await Emulator.shared.get()
        let transport = QueryTransport()
        let client = DynamoDBClient(
            endpoint: try EndpointResolver(explicitURL: server.endpoint).endpoint(for: .dynamodb, region: "eu-west-1"),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "testing", secretAccessKey: "testing")),
            policy: RequestPolicy(), account: "123456789012", transport: transport)
        return (DynamoDBLeaseStore(table: table, client: client), transport)
    }

    @Test func theTableIsMadeOnFirstUseAndEveryWriteIsConditional() async throws {
        let (store, transport) = try await Self.store(table: "rolesync-leases-\(UUID().uuidString.prefix(8))")
        defer { Task { try? await transport.shutdown() } }
        try await store.ensureTable()
        try await store.ensureTable()
        #expect(try await store.leases().isEmpty)

        try await store.create(key: "111122223333/eu-west-1")
        await #expect(throws: LeaseStoreError.conditionFailed(key: "111122223333/eu-west-1")) {
            try await store.create(key: "111122223333/eu-west-1")
        }
        let fresh = try #require(try await store.leases().first)
        #expect(fresh == Lease(key: "111122223333/eu-west-1", owner: nil, counter: 0))

        let taken = try await store.write(fresh, owner: "replica-a")
        #expect(taken == Lease(key: fresh.key, owner: "replica-a", counter: 1))
        await #expect(throws: LeaseStoreError.conditionFailed(key: fresh.key), "a write on the counter already moved") {
            _ = try await store.write(fresh, owner: "replica-b")
        }
        let released = try await store.write(taken, owner: nil)
        #expect(released.owner == nil && released.counter == 2)
        #expect(try await store.leases() == [released])
    }

    @Test func threeReplicasShareTwelveShardsThroughTheTable() async throws {
        let (store, transport) = try await Self.store(table: "rolesync-leases-\(UUID().uuidString.prefix(8))")
        defer { Task { try? await transport.shutdown() } }
        try await store.ensureTable()
        let clock = ManualLeaseClock()
        let replicas = ["a", "b", "c"].map { LeaseCoordinator(owner: $0, store: store, failover: .seconds(30), clock: clock) }
        let shards = (1...12).map { "1111222233\(String(format: "%02d", $0))/eu-west-1" }
        var held: [Set<String>] = []
        for _ in 0..<8 {
            for replica in replicas { _ = await replica.pass(shards: shards) }
            clock.advance(.seconds(10))
            held = await replicas.asyncMap { await $0.shards }
        }
        #expect(held.map(\.count) == [4, 4, 4])
        #expect(Set(held.flatMap { $0 }) == Set(shards))
        let owners = Dictionary(grouping: try await store.leases(), by: { $0.owner ?? "" }).mapValues(\.count)
        #expect(owners == ["a": 4, "b": 4, "c": 4])
    }
}
