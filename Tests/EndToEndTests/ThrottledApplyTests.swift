import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `apply` through the throttling proxy (`scripts/bench/throttling_proxy.py`), which holds the
/// emulator to EC2's token buckets and refuses Replace on stopped instances as EC2 does: the
/// batched reads still guard every mutation, and no throttle surfaces as a failure.
@Suite(.serialized) struct ThrottledApplyTests {
    static let suite = "throttled"

    @Test func applyConvergesWithNoFailedActionAndFewerReadsThanActions() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let fleet = FaultFleet(count: 36)
        let ids = try await fleet.seed(in: world)
        let proxy = try await ThrottlingProxy.start(upstream: try #require(world.server))
        defer { proxy.stop() }

        let result = try await world.rolesync(through: proxy, ["apply", "--auto-approve", "--format", "json"])

        #expect(result.exitCode == 0, "\(result.output)")
        let outcome = try Plan.decode(from: Data(result.stdout.utf8))
        let executed = outcome.actions.filter(\.type.isMutation)
        #expect(executed.count == fleet.mutations, "\(executed)")
        #expect(executed.allSatisfy { $0.status == .succeeded }, "\(executed.filter { $0.status != .succeeded })")
        await #expect(try fleet.misaligned(in: world, ids: ids).isEmpty)
        // One listing per region for the inventory, then batches: unbatched, every action
        // would read twice (its check and its settle poll).
        let counts = try await proxy.counts()
        let reads = counts.ec2("DescribeIamInstanceProfileAssociations")
        #expect(reads < executed.count, "\(reads) association reads for \(executed.count) actions: \(counts.requests)")
    }

    @Test func aChangeMadeBetweenPlanAndMutationIsNotClobbered() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await world.fleet.seed(
            profiles: [ProfileSeed("app-ec2", role: "app"), ProfileSeed("legacy-ec2", role: "legacy")],
            instances: (0..<6).map { InstanceSeed("app-\($0)", tags: ["team": "app"]) })
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "app.yaml": ManifestText.assignment("app", tags: ["team": "app"], profile: "app-ec2"),
        ])
        let changed = try #require(ids["app-0"])
        let proxy = try await ThrottlingProxy.start(upstream: try #require(world.server))
        defer { proxy.stop() }
        // The executor's first batched check (a filtered listing, unlike the inventory's) waits
        // at the proxy while someone else gives one instance another profile.
        try await proxy.hold("DescribeIamInstanceProfileAssociations", withParameter: "Filter.1.Name")

        let apply = Task { try await world.rolesync(through: proxy, ["apply", "--auto-approve", "--format", "json"]) }
        try await proxy.waitUntilHeld()
        try await world.fleet.setProfile("legacy-ec2", of: changed)
        try await proxy.release()
        let result = try await apply.value

        #expect(result.exitCode == 0, "a skipped action is no failure: \(result.output)")
        let outcome = try Plan.decode(from: Data(result.stdout.utf8))
        let skipped = try #require(outcome.actions.first { $0.instanceId == changed })
        #expect(skipped.status == .skipped, "\(skipped)")
        #expect(skipped.reason?.contains("association changed since the plan: expected none") == true, "\(skipped)")
        let live = try await world.fleet.associations()
        #expect(live[changed] == "legacy-ec2", "the other change was clobbered: \(live)")
        #expect(ids.values.filter { $0 != changed }.allSatisfy { live[$0] == "app-ec2" }, "\(live)")
    }

    @Test func stoppedInstancesWithTheWrongProfileEndUpRight() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await world.fleet.seed(
            profiles: [ProfileSeed("app-ec2", role: "app"), ProfileSeed("legacy-ec2", role: "legacy")],
            instances: [
                InstanceSeed("stopped", tags: ["team": "app"], profile: "legacy-ec2", stopped: true),
                InstanceSeed("stopped-after-plan", tags: ["team": "app"], profile: "legacy-ec2"),
                InstanceSeed("running", tags: ["team": "app"], profile: "legacy-ec2"),
            ])
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "app.yaml": ManifestText.assignment("app", tags: ["team": "app"], profile: "app-ec2"),
        ])
        let proxy = try await ThrottlingProxy.start(upstream: try #require(world.server))
        defer { proxy.stop() }
        // Planned as a Replace while running, stopped before the mutation: EC2 (here the proxy)
        // refuses the Replace, and the executor falls back to disassociate-then-associate.
        try await proxy.hold("DescribeIamInstanceProfileAssociations", withParameter: "Filter.1.Name")
        let apply = Task { try await world.rolesync(through: proxy, ["apply", "--auto-approve", "--format", "json"]) }
        try await proxy.waitUntilHeld()
        try await world.fleet.stop(try #require(ids["stopped-after-plan"]))
        try await proxy.release()
        let result = try await apply.value

        #expect(result.exitCode == 0, "\(result.output)")
        let outcome = try Plan.decode(from: Data(result.stdout.utf8))
        #expect(outcome.actions.allSatisfy { $0.status == .succeeded }, "\(outcome.actions)")
        await #expect(try world.fleet.associations() == Dictionary(uniqueKeysWithValues: ids.values.map { ($0, "app-ec2") }))
        let counts = try await proxy.counts()
        #expect(counts.refused["ReplaceIamInstanceProfileAssociation IncorrectState"] == 1, "\(counts.refused)")
    }
}

extension World {
    /// Runs `rolesync` against the throttling proxy.
    func rolesync(through proxy: ThrottlingProxy, _ arguments: [String]) async throws -> ProcessResult {
        let command = invocation(arguments, endpoint: proxy.endpoint)
        return try await RoleSyncBinary.run(command.arguments, environment: command.environment)
    }
}
