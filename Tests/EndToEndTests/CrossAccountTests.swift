import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// A second account reached through `AssumeRole` of the policy's `roleArn` converges in the
/// same run as the caller's own account.
@Suite(.serialized) struct CrossAccountTests {
    static let suite = "cross-account"
    static let otherAccount = "111111111111"
    static let roleArn = "arn:aws:iam::111111111111:role/rolesync"

    static let policy = ManifestText.policy(extra: [
        "accounts:",
        "  - id: \"\(World.account)\"",
        "  - id: \"\(otherAccount)\"",
        "    roleArn: \(roleArn)",
    ])

    @Test func secondAccountConvergesThroughAssumeRole() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let instances = [
            InstanceSeed("missing", tags: ["team": "web"]),
            InstanceSeed("wrong", tags: ["team": "web"], profile: "legacy-ec2"),
            InstanceSeed("stopped-wrong", tags: ["team": "web"], profile: "legacy-ec2", stopped: true),
        ]
        let profiles = [ProfileSeed("web-ec2", role: "web-app"), ProfileSeed("legacy-ec2", role: "legacy-app")]
        let home = try await world.fleet.seed(profiles: profiles, instances: instances)
        let other = try await world.fleet(assuming: Self.roleArn).seed(profiles: profiles, instances: instances)
        try await world.commit([
            "policy.yaml": Self.policy,
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
        ])

        let plan = try await world.plan()
        let result = try await world.rolesync("apply", "--auto-approve")

        #expect(Set(plan.mutations.map(\.account)) == [World.account, Self.otherAccount], "\(plan.actions)")
        #expect(plan.mutations.count == 6)
        let otherActions = plan.mutations.filter { $0.account == Self.otherAccount }
        #expect(Set(otherActions.map(\.instanceId)) == Set(other.values))
        #expect(otherActions.allSatisfy { $0.profile == "arn:aws:iam::\(Self.otherAccount):instance-profile/web-ec2" }, "\(otherActions)")
        #expect(result.exitCode == 0, "\(result.output)")
        let converged = Dictionary(uniqueKeysWithValues: instances.map { ($0.key, "web-ec2") })
        await #expect(try world.fleet.associations() == TwoRegionFleet.byId(converged, ids: home))
        await #expect(try world.fleet(assuming: Self.roleArn).associations() == TwoRegionFleet.byId(converged, ids: other))
        await #expect(try world.plan().mutations.isEmpty)
    }

    @Test func profileOfTheOtherAccountIsLookedUpThere() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        // The profile exists only in the caller's account: the other account's instance is blocked.
        try await world.fleet.seed(profiles: [ProfileSeed("web-ec2", role: "web-app")], instances: [])
        let other = try await world.fleet(assuming: Self.roleArn).seed(instances: [InstanceSeed("missing", tags: ["team": "web"])])
        try await world.commit([
            "policy.yaml": Self.policy,
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
        ])

        let plan = try await world.plan()

        #expect(plan.driftKinds == [other["missing"]!: ["profile-not-found"]])
        #expect(plan.mutations.isEmpty)
    }
}

/// A daemon's cycles reuse the caller's identity and the assumed role's credentials: STS is
/// asked once per daemon, not once per cycle.
extension CrossAccountTests {
    @Test func daemonCyclesMakeNoSTSCallWhileCredentialsAreValid() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let instances = [InstanceSeed("missing", tags: ["team": "web"])]
        let profiles = [ProfileSeed("web-ec2", role: "web-app")]
        try await world.fleet.seed(profiles: profiles, instances: instances)
        try await world.fleet(assuming: Self.roleArn).seed(profiles: profiles, instances: instances)
        try await world.commit([
            "policy.yaml": Self.policy,
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
        ])
        let proxy = try await FaultProxy.start(upstream: try #require(world.server).endpoint)
        let command = world.invocation(["run", "--listen", "127.0.0.1:0", "--interval", "1s"], endpoint: proxy.endpoint)
        let daemon = try DaemonProcess(command.arguments, environment: command.environment)
        let port = try await daemon.listenPort()
        _ = try await DaemonHTTP.waitForMetric(port, #"rolesync_reconcile_total{result="success"}"#, atLeast: 3)
        _ = try await daemon.terminate()
        await proxy.stop()

        let actions = proxy.forwarded.map(\.request.action)
        #expect(actions.filter { $0 == "GetCallerIdentity" }.count == 1, "\(actions)")
        #expect(actions.filter { $0 == "AssumeRole" }.count == 1, "\(actions)")
        #expect(actions.filter { $0 == "DescribeInstances" }.count >= 6, "every cycle still reads both accounts")
    }
}
