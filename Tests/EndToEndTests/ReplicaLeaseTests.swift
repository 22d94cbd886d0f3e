import Foundation
import Testing
import TestSupport

/// Two `rolesync run` replicas sharing a two-region fleet through the emulator's DynamoDB:
/// each shard owned by one of them, the fleet converged; when one is SIGKILLed, the other
/// takes its shard after the failover time and repairs drift there.
struct ReplicaLeaseTests {
    static let regions = ["us-east-1", "us-west-2"]
    static let table = "rolesync-leases"

    static func owners(_ fleet: DaemonFleet) throws -> [String: String] {
        let output = try fleet.moto.runPython("""
            import boto3, json
            items = boto3.client("dynamodb").scan(TableName="\(table)", ConsistentRead=True)["Items"]
            print(json.dumps({i["leaseKey"]["S"]: i.get("leaseOwner", {}).get("S", "") for i in items}))
            """)
        return try JSONDecoder().decode([String: String].self, from: Data(output.utf8))
    }

    static func waitUntil(_ seconds: Double, _ what: String, _ check: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if (try? check()) == true { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("not within \(seconds) s: \(what)")
    }

    func replica(_ name: String, _ fleet: DaemonFleet) throws -> DaemonProcess {
        var environment = fleet.environment
        // A cache of its own, as on another machine (the run lock is per cache).
        environment["XDG_CACHE_HOME"] = fleet.directory.url.appendingPathComponent("cache-\(name)").path
        return try DaemonProcess(
            ["run", "--repo", fleet.repoArgument, "--listen", "127.0.0.1:0", "--interval", "1s", "--drift-interval", "1h",
             "--lease-table", Self.table, "--failover", "3s", "--replica-id", name],
            environment: environment)
    }

    @Test func replicasSplitTheShardsAndTakeOverFromOneThatDies() async throws {
        let fleet = try await DaemonFleet.make(instances: 1, regions: Self.regions)
        defer { fleet.stop() }
        let first = try replica("replica-a", fleet)
        _ = try await first.listenPort()
        let second = try replica("replica-b", fleet)
        let secondPort = try await second.listenPort()

        try await Self.waitUntil(30, "each replica owns one shard") {
            Set(try Self.owners(fleet).values) == ["replica-a", "replica-b"]
        }
        try await Self.waitUntil(30, "the fleet converged") {
            try fleet.attachedProfiles(regions: Self.regions).count == 2
        }
        let owners = try Self.owners(fleet)
        #expect(owners.count == 2, "\(owners)")

        first.kill()
        let orphan = try #require(owners.first { $0.value == "replica-a" }?.key)
        let region = String(orphan.split(separator: "/").last!)
        let instance = try #require(fleet.instances[Self.regions.firstIndex(of: region)!] as String?)
        try fleet.detachProfile(from: instance, region: region)
        let killedAt = ContinuousClock.now

        try await Self.waitUntil(30, "replica-b took \(orphan) over") { try Self.owners(fleet)[orphan] == "replica-b" }
        try await Self.waitUntil(30, "the drift in \(orphan) was repaired") {
            try fleet.attachedProfiles(regions: Self.regions)[instance] == "app-ec2"
        }
        let takeover = ContinuousClock.now - killedAt
        let ready = try await DaemonHTTP.get(secondPort, "/readyz")
        #expect(ready.body.contains("shards held: 123456789012/us-east-1, 123456789012/us-west-2"), "\(ready.body)")
        let metrics = try await DaemonHTTP.get(secondPort, "/metrics").body
        #expect(metrics.contains("rolesync_lease_shards_owned 2"), "\(metrics)")
        #expect(takeover < .seconds(20), "failover 3 s plus a cycle, with room for a loaded machine: \(takeover)")
        #expect(second.isRunning, "\(second.stderr)")
        _ = try await second.terminate()
        #expect(try Self.owners(fleet).values.allSatisfy(\.isEmpty), "released on the way out")
    }

    @Test func applyRefusesNamingTheReplicaThatHoldsAShardAndTakesFreeOnes() async throws {
        let fleet = try await DaemonFleet.make(instances: 1, regions: Self.regions)
        defer { fleet.stop() }
        // The table as a running replica leaves it: us-east-1 held, us-west-2 free.
        let caller = "123456789012"
        try fleet.moto.runPython("""
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

        let refused = try RoleSyncBinary.run(
            ["apply", "--repo", fleet.repoArgument, "--auto-approve", "--lease-table", Self.table], environment: environment)

        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("\(caller)/us-east-1 is held by replica-x"), "\(refused.stderr)")
        #expect(try fleet.attachedProfiles(regions: Self.regions).isEmpty, "nothing changed")
        #expect(try Self.owners(fleet) == ["\(caller)/us-east-1": "replica-x", "\(caller)/us-west-2": ""])

        try fleet.moto.runPython("""
            import boto3
            boto3.client("dynamodb").delete_item(TableName="\(Self.table)", Key={"leaseKey": {"S": "\(caller)/us-east-1"}})
            """)
        let applied = try RoleSyncBinary.run(
            ["apply", "--repo", fleet.repoArgument, "--auto-approve", "--lease-table", Self.table], environment: environment)
        #expect(applied.exitCode == 0, "\(applied.stderr)")
        #expect(try fleet.attachedProfiles(regions: Self.regions).count == 2)
        #expect(try Self.owners(fleet).values.allSatisfy(\.isEmpty), "the run gave its leases back")
    }
}
