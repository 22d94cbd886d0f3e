import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `apply` through a proxy that misbehaves at random, on requests (nothing reached EC2) and on
/// replies (EC2 acted, the answer was lost): repeated runs converge, no mutation is ever one
/// that no plan asked for, lost answers are recorded as what happened, and every run that
/// acted has its decision record. CI runs a small fleet; `scripts/fault-test.sh` the full
/// figure (`ROLESYNC_FAULT_INSTANCES`, `ROLESYNC_FAULT_RATE`, `ROLESYNC_FAULT_HANGS`,
/// `ROLESYNC_FAULT_SEED`).
@Suite(.serialized) struct FaultInjectionTests {
    static let suite = "faults"
    static let environment = ProcessInfo.processInfo.environment
    static let instances = Int(environment["ROLESYNC_FAULT_INSTANCES"] ?? "") ?? 30
    static let rate = Double(environment["ROLESYNC_FAULT_RATE"] ?? "") ?? 0.2
    /// Random hangs, besides the one forced on a Replace: each costs a run the client's read
    /// timeout (30 s, not configurable), so CI draws none.
    static let hangs = Int(environment["ROLESYNC_FAULT_HANGS"] ?? "") ?? 0
    static let seed = UInt64(environment["ROLESYNC_FAULT_SEED"] ?? "") ?? 2026
    static let maxRuns = 6
    static let west = Target(account: World.account, region: "us-west-2")

    @Test func applyConvergesUnderRandomFaultsWithNoWrongMutation() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let fleet = FaultFleet(count: Self.instances)
        let ids = try await fleet.seed(in: world)
        let proxy = try await FaultProxy.start(
            upstream: try #require(world.server).endpoint, rates: FaultRates(rate: Self.rate, maxHangs: Self.hangs),
            seed: Self.seed)
        // Whatever the arrival order, one Associate and one Disassociate lose their answer, and
        // one Replace is answered only after the client's read timeout.
        proxy.schedule.force([.reply(.drop)], onNext: "AssociateIamInstanceProfile")
        proxy.schedule.force([.reply(.truncated)], onNext: "DisassociateIamInstanceProfile")
        proxy.schedule.force([.reply(.hang)], onNext: "ReplaceIamInstanceProfileAssociation")
        let started = ContinuousClock.now
        var runs: [FaultRun] = []
        for number in 1...Self.maxRuns {
            let before = proxy.forwarded.count
            let result = try await world.rolesync(through: proxy, ["apply", "--auto-approve", "--format", "json"])
            runs.append(FaultRun(number: number, result: result, forwarded: Array(proxy.forwarded.dropFirst(before))))
            if result.exitCode == 0 { break }
        }
        let elapsed = ContinuousClock.now - started
        let seen = proxy.seen
        await proxy.stop()

        let last = try #require(runs.last)
        #expect(last.result.exitCode == 0, "not converged after \(runs.count) runs: \(last.result.output)")
        await #expect(try world.plan().mutations.isEmpty, "a fault-free plan still has changes")
        await #expect(try fleet.misaligned(in: world, ids: ids).isEmpty)
        let wrong = FaultAudit.wrongMutations(in: runs)
        #expect(wrong.isEmpty, "mutations no plan asked for: \(wrong)")
        let misrecorded = FaultAudit.misrecordedLostAnswers(in: runs)
        #expect(misrecorded.isEmpty, "lost answers not recorded as what happened: \(misrecorded)")
        let confirmed = runs.flatMap(\.executed).filter { $0.reason == FaultAudit.confirmedByReread }
        #expect(confirmed.contains { $0.type == .associate }, "no Associate was confirmed by re-read")
        let records = try await world.decisionRecords()
        let unrecorded = FaultAudit.unrecordedRuns(runs, records: records)
        #expect(unrecorded.isEmpty, "runs that acted without a decision record: \(unrecorded)")

        let figures = FaultFigures(
            instances: Self.instances, rate: Self.rate, seed: Self.seed, seen: seen, runs: runs,
            wrongMutations: wrong.count, misrecorded: misrecorded.count, unrecordedRuns: unrecorded.count,
            elapsed: elapsed)
        print(figures.description)
    }

    @Test func aRegionWhoseEveryRequestFailsIsReportedWhileTheOtherConverges() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let fleet = FaultFleet(count: 12)
        let ids = try await fleet.seed(in: world)
        let westDrift = try await fleet.misaligned(in: world, ids: ids, regions: ["us-west-2"])
        let proxy = try await FaultProxy.start(upstream: try #require(world.server).endpoint)
        proxy.schedule.setFailing(region: "us-west-2")
        let outage = try await world.rolesync(through: proxy, ["apply", "--auto-approve", "--format", "json"])
        let reachedWest = proxy.forwarded.filter { $0.region == "us-west-2" }
        let eastAfterOutage = try await fleet.misaligned(in: world, ids: ids, regions: ["us-east-1"])
        let westAfterOutage = try await fleet.misaligned(in: world, ids: ids, regions: ["us-west-2"])
        let outageRecord = try await world.decisionRecords().last
        proxy.schedule.setFailing(region: "us-west-2", false)
        let recovery = try await world.rolesync(through: proxy, ["apply", "--auto-approve", "--format", "json"])
        await proxy.stop()

        #expect(outage.exitCode == 1, "\(outage.output)")
        let report = try #require(try? Plan.decode(from: Data(outage.stdout.utf8)), "\(outage.output)")
        let failed = report.failedTargets ?? []
        #expect(failed.map(\.target) == [Self.west])
        #expect(failed.first?.reason.contains("DescribeInstances gave up after 3 attempts") == true, "\(failed)")
        #expect(outage.stderr.contains("1 target not read, nothing planned or changed there: \(Self.west)"), "\(outage.stderr)")
        #expect(!report.actions.isEmpty && report.actions.allSatisfy { $0.region == "us-east-1" })
        #expect(reachedWest.isEmpty, "requests reached the failing region: \(reachedWest.map(\.action))")
        #expect(eastAfterOutage.isEmpty, "us-east-1 did not converge: \(eastAfterOutage)")
        #expect(westAfterOutage == westDrift, "us-west-2 was touched while unreadable")
        #expect(outageRecord?.failedTargets?.map(\.target) == [Self.west])

        #expect(recovery.exitCode == 0, "\(recovery.output)")
        await #expect(try fleet.misaligned(in: world, ids: ids).isEmpty)
    }
}
