import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// One `apply` converges a seeded two-region fleet, records its decisions as one commit, and a
/// second `apply` finds nothing to do.
@Suite(.serialized) struct ApplyConvergenceTests {
    static let suite = "apply"

    @Test func oneApplyConvergesBothRegions() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await TwoRegionFleet.seed(in: world)

        let result = try await world.rolesync("apply", "--auto-approve", "--format", "json")

        #expect(result.exitCode == 0, "\(result.output)")
        let outcome = try Plan.decode(from: Data(result.stdout.utf8))
        let statuses = outcome.actions.filter(\.type.isMutation).map(\.status)
        #expect(statuses.filter { $0 == .succeeded }.count == 7, "\(outcome.actions)")
        #expect(statuses.filter { $0 == .blocked }.count == 1, "\(outcome.actions)")
        #expect(!statuses.contains(.failed), "\(outcome.actions)")
        await #expect(try TwoRegionFleet.associations(in: world) == TwoRegionFleet.byId(TwoRegionFleet.convergedProfiles, ids: ids))

        let after = try await world.plan()
        #expect(after.summary.actions == 0, "\(after.actions)")
        #expect(after.mutations.isEmpty)
        #expect(after.driftKinds == TwoRegionFleet.byId(
            ["east-profile-missing": ["profile-not-found"], "east-unmanaged": ["unmanaged"]], ids: ids))
    }

    @Test func stoppedInstanceWithTheWrongProfileGetsTheRightOne() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await world.fleet.seed(
            profiles: [ProfileSeed("payments-ec2", role: "payments-app"), ProfileSeed("legacy-ec2", role: "legacy-app")],
            instances: [InstanceSeed("stopped", tags: ["team": "payments"], profile: "legacy-ec2", stopped: true)])
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "payments.yaml": ManifestText.assignment("payments", tags: ["team": "payments"], profile: "payments-ec2"),
        ])
        let stopped = try #require(ids["stopped"])

        let result = try await world.rolesync("apply", "--auto-approve")

        #expect(result.exitCode == 0, "\(result.output)")
        await #expect(try world.fleet.associations() == [stopped: "payments-ec2"])
    }

    @Test func missingProfileIsBlockedWithItsReasonAndApplyStillSucceeds() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await world.fleet.seed(instances: [InstanceSeed("batch", tags: ["team": "batch"])])
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "batch.yaml": ManifestText.assignment("batch", tags: ["team": "batch"], profile: "batch-ec2"),
        ])
        let batch = try #require(ids["batch"])

        let result = try await world.rolesync("apply", "--auto-approve", "--format", "json")

        #expect(result.exitCode == 0, "apply exits 0 when nothing failed: \(result.output)")
        let outcome = try Plan.decode(from: Data(result.stdout.utf8))
        let action = try #require(outcome.actions.first { $0.instanceId == batch })
        #expect(action.status == .blocked)
        #expect(action.reason?.hasPrefix("profile-not-found") == true, "\(action)")
        #expect(action.reason?.contains("batch-ec2") == true, "\(action)")
        await #expect(try world.fleet.associations().isEmpty)
        await #expect(try world.decisionCommits().count == 1, "a newly blocked action is worth a record")
    }

    @Test func decisionCommitCarriesTrailersAndAParsableRecord() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await TwoRegionFleet.seed(in: world)
        let desiredRevision = try await world.repo.revParse("HEAD")

        let result = try await world.rolesync("apply", "--auto-approve")

        #expect(result.exitCode == 0, "\(result.output)")
        let commits = try await world.decisionCommits()
        #expect(commits.count == 1)
        let message = try await world.repo.git("log", "-1", "--format=%B", "rolesync/decisions")
        let trailers = try await world.repo.git("log", "-1", "--format=%(trailers:only,unfold)", "rolesync/decisions")
        #expect(message.hasPrefix(Self.expectedSummary(at: desiredRevision) + "\n\n"), "\(message)")
        #expect(trailers.contains("Desired-Revision: \(desiredRevision)"), "\(message)")
        let planHash = try #require(trailerValue("Plan-Hash", in: trailers), "\(message)")
        let runId = try #require(trailerValue("Run-Id", in: trailers), "\(message)")
        #expect(planHash.hasPrefix("sha256:"))

        let files = try await world.repo.git("show", "--name-only", "--format=", "rolesync/decisions")
            .split(separator: "\n").map(String.init)
        let path = try #require(files.first { $0.hasSuffix("/\(runId).json") }, "\(files)")
        #expect(path.wholeMatch(of: #/decisions/\d{4}/\d{2}/\d{2}/[^/]+\.json/#) != nil, "\(path)")
        let record = try await DecisionRecord.decode(from: Data(try world.repo.git("show", "rolesync/decisions:\(path)").utf8))
        #expect(record.runId == runId)
        #expect(record.desiredRevision == desiredRevision)
        #expect(record.planHash == planHash)
        #expect(Set(record.targets.map(\.region)) == ["us-east-1", "us-west-2"])
        #expect(record.actions.filter { $0.status == .succeeded }.count == 7)
        #expect(record.actions.contains { $0.instanceId == ids["east-profile-missing"] && $0.status == .blocked })
        #expect(result.stderr.contains("recorded \(path)"), "\(result.stderr)")
        // The desired-state branch itself is untouched.
        await #expect(try world.repo.revParse("HEAD") == desiredRevision)
    }

    /// The first line of the decision commit of one apply over `TwoRegionFleet`.
    static func expectedSummary(at revision: String) -> String {
        "rolesync: 2 associated, 3 replaced, 2 disassociated, 1 blocked, 1 detected at \(revision.prefix(7))"
    }

    @Test func secondApplyChangesNothingAndRecordsNothing() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world)
        let first = try await world.rolesync("apply", "--auto-approve")
        try #require(first.exitCode == 0, "\(first.output)")
        let converged = try await TwoRegionFleet.associations(in: world)
        let commitsAfterFirst = try await world.decisionCommits()

        let second = try await world.rolesync("apply", "--auto-approve", "--format", "json")

        #expect(second.exitCode == 0, "\(second.output)")
        let outcome = try Plan.decode(from: Data(second.stdout.utf8))
        #expect(outcome.actions.allSatisfy { $0.status == .blocked }, "\(outcome.actions)")
        #expect(second.stderr.contains("nothing new: no decision recorded"), "\(second.stderr)")
        await #expect(try world.decisionCommits() == commitsAfterFirst)
        await #expect(try TwoRegionFleet.associations(in: world) == converged)
    }

    @Test func historyListsTheRecord() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world)
        let before = try await world.rolesync("history")
        try await #require(try world.rolesync("apply", "--auto-approve").exitCode == 0)
        let runId = try await #require(trailerValue(
            "Run-Id", in: try world.repo.git("log", "-1", "--format=%(trailers:only,unfold)", "rolesync/decisions")))

        let after = try await world.rolesync("history")

        #expect(before.exitCode == 0, "\(before.output)")
        #expect(before.stdout.contains("no decision records yet"), "\(before.stdout)")
        #expect(after.exitCode == 0, "\(after.output)")
        let lines = after.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(after.stdout)")
        #expect(lines.first?.contains("[\(runId)]") == true, "\(after.stdout)")
        await #expect(lines.first?.hasPrefix(String(try world.decisionCommits()[0].prefix(7))) == true, "\(after.stdout)")
    }
}

/// The value of `Key: value` among a commit's trailers.
func trailerValue(_ key: String, in trailers: String) -> String? {
    trailers.split(separator: "\n").first { $0.hasPrefix("\(key): ") }.map { String($0.dropFirst(key.count + 2)) }
}
