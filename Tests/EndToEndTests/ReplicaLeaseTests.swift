import Foundation
import Testing
import TestSupport

/// Two `rolesync run` replicas sharing a two-region fleet through the emulator's DynamoDB:
/// each shard owned by one of them, the fleet converged; when one is SIGKILLed, the other
/// takes its shard after the failover time and repairs drift there.
struct ReplicaLeaseTests {
    static let regions = ["us-east-1", "us-west-2"]
    static let table = LeaseReplicas.table

    @Test func replicasSplitTheShardsAndTakeOverFromOneThatDies() async throws {
        let fleet = try await DaemonFleet.make(instances: 1, regions: Self.regions)
        let set = LeaseReplicas(fleet: fleet, regions: Self.regions, failover: 3)
        var replicas: [LeaseReplicas.Replica] = []
        do {
            replicas.append(try await set.start("replica-a"))
            replicas.append(try await set.start("replica-b"))
            let (first, second) = (replicas[0].process, replicas[1].process)
            let secondPort = try await second.listenPort()

            try await Poll.until(30, "each replica owns one shard") {
                await Set(try set.owners().values) == ["replica-a", "replica-b"]
            }
            try await Poll.until(30, "the fleet converged") { try await set.attached().count == 2 }
            let owners = try await set.owners()
            #expect(owners.count == 2, "\(owners)")

            try await first.kill()
            let orphan = try #require(owners.first { $0.value == "replica-a" }?.key)
            let region = String(orphan.split(separator: "/").last!)
            let instance = set.instance(in: region)
            try await fleet.detachProfile(from: instance, region: region)
            let killedAt = ContinuousClock.now

            try await Poll.until(30, "replica-b took \(orphan) over") { try await set.owners()[orphan] == "replica-b" }
            try await Poll.until(30, "the drift in \(orphan) was repaired") {
                try await set.attached()[instance] == "app-ec2"
            }
            let takeover = ContinuousClock.now - killedAt
            let ready = try await DaemonHTTP.get(secondPort, "/readyz")
            #expect(ready.body.contains("shards held: 123456789012/us-east-1, 123456789012/us-west-2"), "\(ready.body)")
            let metrics = try await DaemonHTTP.get(secondPort, "/metrics").body
            #expect(metrics.contains("rolesync_lease_shards_owned 2"), "\(metrics)")
            #expect(takeover < .seconds(20), "failover 3 s plus a cycle, with room for a loaded machine: \(takeover)")
            #expect(second.isRunning, "\(second.stderr)")
            _ = try await second.terminate()
            await #expect(try set.owners().values.allSatisfy(\.isEmpty), "released on the way out")
        } catch {
            await set.stop(replicas)
            throw error
        }
        await set.stop(replicas)
    }

    @Test func applyRefusesNamingTheReplicaThatHoldsAShardAndTakesFreeOnes() async throws {
        let fleet = try await DaemonFleet.make(instances: 1, regions: Self.regions)
        defer { fleet.stop() }
        let set = LeaseReplicas(fleet: fleet, regions: Self.regions, failover: 3)
        // The table as a running replica leaves it: us-east-1 held, us-west-2 free.
        let caller = "123456789012"
        try await fleet.moto.runPython("""
            import boto3
            db = boto3.client("dynamodb")
            db.create_table(TableName="\(Self.table)", BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "leaseKey", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "leaseKey", "KeyType": "HASH"}])
            db.put_item(TableName="\(Self.table)", Item={"leaseKey": {"S": "\(caller)/us-east-1"},
                "leaseOwner": {"S": "replica-x"}, "leaseCounter": {"N": "7"}})
            """)
        var environment = fleet.environment
        environment["HOME"] = fleet.directory.path

        let refused = try await RoleSyncBinary.run(
            ["apply", "--repo", fleet.repoArgument, "--auto-approve", "--lease-table", Self.table], environment: environment)

        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("\(caller)/us-east-1 is held by replica-x"), "\(refused.stderr)")
        await #expect(try set.attached().isEmpty, "nothing changed")
        await #expect(try set.owners() == ["\(caller)/us-east-1": "replica-x", "\(caller)/us-west-2": ""])

        try await fleet.moto.runPython("""
            import boto3
            boto3.client("dynamodb").delete_item(TableName="\(Self.table)", Key={"leaseKey": {"S": "\(caller)/us-east-1"}})
            """)
        let applied = try await RoleSyncBinary.run(
            ["apply", "--repo", fleet.repoArgument, "--auto-approve", "--lease-table", Self.table], environment: environment)
        #expect(applied.exitCode == 0, "\(applied.stderr)")
        await #expect(try set.attached().count == 2)
        await #expect(try set.owners().values.allSatisfy(\.isEmpty), "the run gave its leases back")
    }
}
