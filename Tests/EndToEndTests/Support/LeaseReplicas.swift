import Foundation
import Testing
import TestSupport

/// `rolesync run` replicas sharing one fleet through the emulator's DynamoDB lease table, each
/// reaching AWS through a recording proxy of its own, so every request (and so every mutation)
/// is known by the replica that made it, and one replica's network can be cut.
struct LeaseReplicas {
    static let table = "rolesync-leases"
    static let account = "123456789012"

    struct Replica {
        let name: String
        let process: DaemonProcess
        let proxy: FaultProxy
        /// The instances this replica associated a profile with, in order.
        var associated: [String] {
            proxy.forwarded.filter { $0.action == "AssociateIamInstanceProfile" }.compactMap { $0.request.parameters["InstanceId"] }
        }
        /// How many mutations it has made so far.
        var mutationCount: Int { proxy.forwarded.filter { ForwardedRequest.mutatingActions.contains($0.action) }.count }
        /// Its mutations after the first `count`.
        func mutations(after count: Int) -> [ForwardedRequest] {
            Array(proxy.forwarded.filter { ForwardedRequest.mutatingActions.contains($0.action) }.dropFirst(count))
        }
    }

    let fleet: DaemonFleet
    let regions: [String]
    let failover: Int

    static func shard(_ region: String) -> String { "\(account)/\(region)" }

    /// A replica named `name`, with a cache of its own as on another machine (the run lock is
    /// per cache), its requests through a proxy in front of the emulator.
    func start(_ name: String, interval: String = "1s") async throws -> Replica {
        let proxy = try await FaultProxy.start(upstream: fleet.moto.endpoint)
        var environment = fleet.environment
        environment["AWS_ENDPOINT_URL"] = proxy.endpoint
        environment["XDG_CACHE_HOME"] = fleet.directory.url.appendingPathComponent("cache-\(name)").path
        let process = try DaemonProcess(
            ["run", "--repo", fleet.repoArgument, "--listen", "127.0.0.1:0", "--interval", interval,
             "--drift-interval", "1h", "--lease-table", Self.table, "--failover", "\(failover)s", "--replica-id", name],
            environment: environment)
        _ = try await process.listenPort()
        return Replica(name: name, process: process, proxy: proxy)
    }

    /// Shard → owner ("" when free), read consistently from the table; empty before it exists.
    func owners() async throws -> [String: String] {
        let output = try await fleet.moto.runPython("""
            import boto3, json
            db = boto3.client("dynamodb")
            if "\(Self.table)" not in db.list_tables()["TableNames"]:
                print("{}")
            else:
                items = db.scan(TableName="\(Self.table)", ConsistentRead=True)["Items"]
                print(json.dumps({i["leaseKey"]["S"]: i.get("leaseOwner", {}).get("S", "") for i in items}))
            """)
        return try JSONDecoder().decode([String: String].self, from: Data(output.utf8))
    }

    /// Owner → how many shards it holds.
    func load() async throws -> [String: Int] {
        try await owners().values.filter { !$0.isEmpty }.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// The fleet's instance in `region` (one per region).
    func instance(in region: String) -> String { fleet.instances[regions.firstIndex(of: region)!] }

    func detachAll() async throws {
        for region in regions { try await fleet.detachProfile(from: instance(in: region), region: region) }
    }

    func attached() async throws -> [String: String] { try await fleet.attachedProfiles(regions: regions) }

    func stop(_ replicas: [Replica]) async {
        for replica in replicas {
            if replica.process.isRunning { _ = try? await replica.process.terminate() }
            await replica.proxy.stop()
        }
        fleet.stop()
    }
}
