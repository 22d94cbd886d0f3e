import AWSClient
import Foundation
import Reconciler
import RoleSyncCore
import Testing
import TestSupport

/// The inventory read shard by shard against the emulator: every target arrives once, on its
/// own, holding exactly what the whole read holds for it, an unreachable target as a failed
/// shard; and a read where every target fails throws, as the whole read does.
@Suite struct ShardReadMotoTests {
    static let regions = ["us-east-1", "eu-west-1", "ap-southeast-2"]

    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "AccessDenied: the member role could not be assumed" }
    }

    @Test func eachTargetArrivesAloneWithWhatTheWholeReadHoldsForIt() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let ids = try await FleetFixture(server: moto).seed(
            profiles: [ProfileSeed("web", role: "web-role")],
            instances: Self.regions.flatMap { region in
                (0..<3).map { InstanceSeed("\(region)-\($0)", region: region, profile: $0 == 0 ? "web" : nil) }
            })
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("rolesync-shards-\(UUID())")
        defer { try? FileManager.default.removeItem(at: home) }
        let session = try AWSSession(settings: AWSSettings(
            regions: Self.regions, endpointURL: moto.endpoint,
            environment: ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true"],
            homeDirectory: home.path))
        let account = try await session.callerIdentity().account
        var targets = Self.regions.map { ResolvedTarget(target: Target(account: account, region: $0), credentials: session.credentials) }
        let cutOff = Target(account: "210987654321", region: "us-east-1")
        targets.append(ResolvedTarget(target: cutOff, credentials: session.credentials, unreachable: Unreachable()))
        let reader = AWSInventoryReader(session: session)

        let whole = try await reader.read(targets, scanUserData: false)
        var shards: [LiveInventory] = []
        try await reader.readShards(targets, scanUserData: false) { shards.append($0) }
        await #expect(throws: (any Error).self, "nothing read at all: the cause is thrown") {
            try await reader.readShards([targets[3]], scanUserData: false) { _ in }
        }
        await session.shutdown()

        #expect(shards.count == 4)
        #expect(shards.allSatisfy { $0.targets.count == 1 })
        #expect(Set(shards.flatMap(\.targets)) == Set(targets.map(\.target)))
        let byTarget = Dictionary(uniqueKeysWithValues: whole.shards().map { ($0.targets[0], $0) })
        for shard in shards {
            let expected = try #require(byTarget[shard.targets[0]])
            #expect(shard.instances == expected.instances, "\(shard.targets[0])")
            #expect(shard.failedTargets.map(\.target) == expected.failedTargets.map(\.target))
        }
        #expect(shards.first { $0.targets == [cutOff] }?.failedTargets.count == 1)
        #expect(whole.instances.count == 9 && ids.count == 9)
        #expect(PlanHash.compute(desired: "d", inventory: whole) == {
            var digests = PlanHash.TargetDigests()
            var profiles: [String: [LiveInstanceProfile]] = [:]
            for shard in shards {
                digests.add(shard)
                profiles.merge(shard.profiles) { first, _ in first }
            }
            return digests.finalize(desired: "d", profiles: profiles, failedTargets: whole.failedTargets)
        }(), "the same plan hash either way")
    }
}
