import Foundation
import Testing
import TestSupport

/// Several replicas on many shards, each replica's requests recorded by its own proxy: the
/// shards are all owned quickly and spread evenly, each replica mutates only instances in the
/// shards it holds, and a replica cut off from DynamoDB stops mutating while the others take
/// its shards over.
struct ReplicaShardTests {
    static let twelveRegions = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2",
        "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-southeast-1",
    ]

    @Test func threeReplicasOwnTwelveShardsEvenlyAndMutateOnlyTheirOwn() async throws {
        let regions = Self.twelveRegions
        let fleet = try await DaemonFleet.make(instances: 1, regions: regions)
        let set = LeaseReplicas(fleet: fleet, regions: regions, failover: 3)
        var replicas: [LeaseReplicas.Replica] = []
        do {
            for name in ["replica-a", "replica-b", "replica-c"] { replicas.append(try await set.start(name)) }

            // Once the table exists, every shard is owned within two failover times.
            try await Poll.until(60, "the lease table has items") { try await !set.owners().isEmpty }
            let owning = try await Poll.until(60, "every shard owned") {
                let owners = try await set.owners()
                return owners.count == 12 && owners.values.allSatisfy { !$0.isEmpty }
            }
            #expect(owning < .seconds(6), "two failover times: \(owning)")
            let evening = try await Poll.until(60, "load even across three replicas") {
                try await set.load().values.sorted() == [4, 4, 4]
            }
            try await Poll.until(60, "the fleet converged") { try await set.attached().count == 12 }
            let everyAssociation = replicas.flatMap(\.associated)
            #expect(everyAssociation.count == Set(everyAssociation).count, "no instance associated twice: \(everyAssociation)")

            // Drift in every shard: each repaired by the one replica that holds its shard.
            let owners = try await set.owners()
            let before = replicas.map(\.mutationCount)
            try await set.detachAll()
            let repair = try await Poll.until(60, "the drift repaired in all twelve shards") {
                try await set.attached().count == 12
            }
            print("lease-figures: 3 replicas, 12 shards, failover 3 s: every shard owned \(owning) after the table appeared, load 4/4/4 \(evening) later; drift in all 12 repaired in \(repair)")
            var repairedBy: [String: [String]] = [:]
            for (replica, count) in zip(replicas, before) {
                for mutation in replica.mutations(after: count) {
                    repairedBy[mutation.request.parameters["InstanceId"] ?? "?", default: []].append(replica.name)
                }
            }
            for region in regions {
                let instance = set.instance(in: region)
                #expect(repairedBy[instance] == [owners[LeaseReplicas.shard(region)] ?? "none"],
                        "\(instance) in \(region): repaired by \(repairedBy[instance] ?? []), shard held by \(owners[LeaseReplicas.shard(region)] ?? "none")")
            }
            await #expect(try set.owners() == owners, "no lease moved once the load was even")
            for replica in replicas { #expect(replica.process.isRunning, "\(replica.name): \(replica.process.stderr)") }
        } catch {
            await set.stop(replicas)
            throw error
        }
        await set.stop(replicas)
    }

    @Test func aReplicaCutOffFromDynamoDBStopsMutatingAndTheOtherTakesOver() async throws {
        let regions = Array(Self.twelveRegions.prefix(4))
        let fleet = try await DaemonFleet.make(instances: 1, regions: regions)
        let set = LeaseReplicas(fleet: fleet, regions: regions, failover: 3)
        var replicas: [LeaseReplicas.Replica] = []
        do {
            replicas.append(try await set.start("replica-a"))
            replicas.append(try await set.start("replica-b"))
            try await Poll.until(60, "two shards each") { try await set.load() == ["replica-a": 2, "replica-b": 2] }
            try await Poll.until(60, "the fleet converged") { try await set.attached().count == 4 }
            let cut = replicas[1]
            let orphans = try await set.owners().filter { $0.value == cut.name }.keys.sorted()

            cut.proxy.schedule.setCutOff(service: "dynamodb")
            let mutationsBefore = cut.mutationCount
            let readsBefore = cut.proxy.forwarded.filter { $0.action == "DescribeInstances" }.count
            let cutAt = ContinuousClock.now
            try await set.detachAll()

            try await Poll.until(60, "replica-a took \(orphans) over") {
                try await set.owners().values.allSatisfy { $0 == "replica-a" }
            }
            let takeover = ContinuousClock.now - cutAt
            let repaired = try await Poll.until(60, "the drift repaired in all four shards") {
                try await set.attached().count == 4
            }
            print("lease-figures: 2 replicas, 4 shards, failover 3 s, one cut off from DynamoDB: its shards taken over \(takeover) after the cut, repaired \(repaired) later")
            #expect(cut.mutations(after: mutationsBefore).isEmpty,
                    "no mutation without a confirmed lease: \(cut.mutations(after: mutationsBefore).map(\.action))")
            #expect(takeover < .seconds(15), "failover 3 s plus a pass, with room for a loaded machine: \(takeover)")
            let dropped = cut.proxy.seen.filter { $0.fault == .dropConnection }.count
            #expect(dropped > 0, "the cut replica kept trying the table")
            try await Poll.until(30, "the cut replica reads its last shards on: \(cut.process.stderr)") {
                cut.proxy.forwarded.filter { $0.action == "DescribeInstances" }.count > readsBefore
            }
            #expect(cut.process.isRunning, "\(cut.process.stderr)")
            #expect(cut.mutations(after: mutationsBefore).isEmpty, "and still mutates nothing")
        } catch {
            await set.stop(replicas)
            throw error
        }
        await set.stop(replicas)
    }
}
