import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `rolesync plan` against a seeded two-region fleet: it reports exactly the seeded drift and
/// changes nothing.
@Suite(.serialized) struct PlanCommandTests {
    static let suite = "plan"

    @Test func reportsExactlyTheSeededDrift() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await TwoRegionFleet.seed(in: world)
        let before = try await TwoRegionFleet.associations(in: world)

        let plan = try await world.plan()

        #expect(plan.driftKinds == TwoRegionFleet.byId(TwoRegionFleet.expectedDrift, ids: ids))
        #expect(plan.actionsByInstance == TwoRegionFleet.byId(TwoRegionFleet.expectedActions, ids: ids))
        #expect(plan.summary.instances == TwoRegionFleet.instances.count)
        #expect(plan.summary.actions == 7)
        #expect(plan.summary.blocked == 1)
        #expect(Set(plan.drift.map(\.region)) == ["us-east-1", "us-west-2"])
        #expect(plan.drift.allSatisfy { $0.account == World.account })
        let stopped = try #require(plan.actions.first { $0.instanceId == ids["east-stopped-wrong"] })
        #expect(stopped.strategy == .disassociateAssociate)
        let running = try #require(plan.actions.first { $0.instanceId == ids["east-wrong"] })
        #expect(running.strategy == .replace)
        let blocked = try #require(plan.actions.first { $0.instanceId == ids["east-profile-missing"] })
        #expect(blocked.reason?.hasPrefix("profile-not-found") == true, "\(blocked)")
        await #expect(try TwoRegionFleet.associations(in: world) == before, "plan must not change AWS")
        await #expect(try world.decisionCommits().isEmpty, "plan must not write to Git")
    }

    @Test func driftSourcesPointAtTheManifestLines() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await TwoRegionFleet.seed(in: world)

        let plan = try await world.plan()

        let missing = try #require(plan.drift.first { $0.instanceId == ids["west-missing"] })
        #expect(missing.source?.description == "teams/web.yaml:1", "\(missing)")
        #expect(missing.desired?.hasSuffix("instance-profile/web-ec2") == true || missing.desired == "web-ec2", "\(missing)")
    }

    @Test func detailedExitCodeIsTwoWithDriftAndZeroInSync() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await world.fleet.seed(
            profiles: [ProfileSeed("web-ec2", role: "web-app")],
            instances: [InstanceSeed("web", tags: ["team": "web"])])
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
        ])

        let drifted = try await world.rolesync("plan", "--detailed-exitcode")
        try await world.fleet.setProfile("web-ec2", of: try #require(ids["web"]))
        let inSync = try await world.rolesync("plan", "--detailed-exitcode")
        let withoutFlag = try await world.rolesync("plan")

        #expect(drifted.exitCode == 2, "\(drifted.output)")
        #expect(drifted.stdout.contains(ids["web"]!), "\(drifted.stdout)")
        #expect(inSync.exitCode == 0, "\(inSync.output)")
        #expect(withoutFlag.exitCode == 0, "\(withoutFlag.output)")
    }

    @Test func driftReportsTheSameDriftAndWritesNothing() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await TwoRegionFleet.seed(in: world)
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("drift", "--format", "json", "--detailed-exitcode")
        let report = try RoleSyncJSON.decoder().decode(JSONReport.DriftDocument.self, from: Data(result.stdout.utf8))

        #expect(result.exitCode == 2, "\(result.stderr)")
        let kinds = Dictionary(grouping: report.drift, by: \.instanceId).mapValues { $0.map(\.kind.rawValue).sorted() }
        #expect(kinds == TwoRegionFleet.byId(TwoRegionFleet.expectedDrift, ids: ids))
        #expect(report.summary.drifted == 8)
        await #expect(try TwoRegionFleet.associations(in: world) == before)
        await #expect(try world.decisionCommits().isEmpty)
    }

    @Test func keysBakedIntoUserDataAreReportedNeverPrinted() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        // Made-up keys, shaped like real ones.
        let keyId = "AKIAQ3EGRCZXKJ7WNP4M"
        let secret = "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"
        let userData = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=\(keyId)\nexport AWS_SECRET_ACCESS_KEY=\(secret)\n"
        let ids = try await world.fleet.seed(
            profiles: [ProfileSeed("web-ec2", role: "web-app")],
            instances: [InstanceSeed("baked", tags: ["team": "web"], profile: "web-ec2", userData: userData)])
        try await world.commit([
            "policy.yaml": ManifestText.policy(extra: ["scanUserData: true"]),
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
        ])
        let baked = try #require(ids["baked"])

        let json = try await world.rolesync("plan", "--format", "json")
        let text = try await world.rolesync("plan")

        let plan = try Plan.decode(from: Data(json.stdout.utf8))
        #expect(Set(plan.driftKinds[baked] ?? []) == ["embedded-credentials"], "\(plan.drift)")
        #expect(plan.actionsByInstance[baked] == ["manual planned"])
        #expect(plan.mutations.isEmpty)
        for output in [json.output, text.output] {
            #expect(!output.contains(secret))
            #expect(!output.contains(keyId))
            #expect(!output.contains(secret.prefix(4)), "no part of a secret key is shown")
        }
        #expect(text.stdout.contains(SecretMatch.secretMask), "\(text.stdout)")
        #expect(text.stdout.contains(SecretMatch.redact(keyId)), "\(text.stdout)")
    }

    @Test func regionFlagNarrowsThePolicyRegions() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await TwoRegionFleet.seed(in: world)

        let plan = try await world.plan("--region", "us-west-2")

        let west = TwoRegionFleet.expectedDrift.filter { $0.key.hasPrefix("west-") }
        #expect(plan.driftKinds == TwoRegionFleet.byId(west, ids: ids))
        #expect(plan.summary.instances == TwoRegionFleet.instances.filter { $0.region == "us-west-2" }.count)
    }

    @Test func outWritesTheReportToAFile() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await TwoRegionFleet.seed(in: world)
        let file = world.directory.url.appendingPathComponent("plan.json")

        let result = try await world.rolesync("plan", "--format", "json", "--out", file.path)
        let plan = try Plan.decode(from: Data(contentsOf: file))

        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.stdout.isEmpty)
        #expect(plan.driftKinds == TwoRegionFleet.byId(TwoRegionFleet.expectedDrift, ids: ids))
        await #expect(plan.desiredRevision == (try world.repo.revParse("HEAD")))
    }
}
