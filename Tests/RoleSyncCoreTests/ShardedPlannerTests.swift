import Foundation
import Testing
@testable import RoleSyncCore

/// A fleet planned one shard at a time gives the plan of the whole inventory, in any shard
/// order: the same drift, actions, counts and hash, with `maxChanges` counted over the run.
@Suite struct ShardedPlannerTests {
    static let desired = Fixture.desired([
        Fixture.assignment("payments", tags: ["team": "payments"], profile: "web", line: 5),
        Fixture.assignment("db", ids: ["i-0b2", "i-0e5"], profile: "db", line: 12, file: "teams/db.yaml"),
        Fixture.assignment("ghost", ids: ["i-0c3"], profile: "ghost", line: 20),
    ])

    static var inventory: LiveInventory {
        var inventory = Fixture.inventory([
            Fixture.instance("i-0a1", tags: ["team": "payments"]),
            Fixture.instance("i-0b2", .stopped, profile: "web"),
            Fixture.instance("i-0c3"),
            Fixture.instance("i-0d4", target: Fixture.west, tags: ["team": "payments"], profile: "web"),
            Fixture.instance("i-0e5", target: Fixture.west),
            Fixture.instance("i-0f6", target: Fixture.eastB, tags: ["team": "payments"]),
        ], findings: [Fixture.finding("i-0d4", target: Fixture.west)])
        let failed = Target(account: Fixture.accountB, region: "eu-west-1")
        inventory.targets.append(failed)
        inventory.failedTargets = [FailedTarget(target: failed, reason: "RequestExpired: clock")]
        return inventory
    }

    static func sharded(_ shards: [LiveInventory], desired: DesiredState = desired, options: PlanOptions = PlanOptions())
        -> (drift: DriftReport, plan: Plan, inventory: LiveInventory)
    {
        var planner = ShardedPlanner(desired: desired, now: Fixture.now, options: options, keep: ["111122223333/us-west-2/i-0e5"])
        for shard in shards { planner.add(shard) }
        return planner.finish()
    }

    @Test func shardByShardInAnyOrderIsTheWholePlan() throws {
        let whole = Planner.plan(
            drift: Differ.diff(desired: Self.desired, inventory: Self.inventory, now: Fixture.now), desired: Self.desired,
            inventory: Self.inventory)
        let shards = Self.inventory.shards()
        #expect(shards.map(\.targets) == [[Fixture.east], [Fixture.west], [Fixture.eastB], [Target(account: Fixture.accountB, region: "eu-west-1")]].sorted { $0[0] < $1[0] })
        for order in [shards, shards.reversed()] {
            let (drift, plan, inventory) = Self.sharded(order)
            #expect(plan == whole)
            #expect(drift.summary == DriftSummary(instances: 6, inSync: 0, drifted: 6), "i-0d4 is in its profile but holds keys")
            #expect(drift.resolutions.allSatisfy { !$0.isInSync }, "in-sync instances leave only their count")
            #expect(inventory.instances.map(\.instanceId) == ["i-0e5"], "only the kept instance's facts stay")
            #expect(inventory.failedTargets.count == 1)
        }
        #expect(whole.actions.contains { $0.type == .manual }, "the fixture has keys, so a runbook")
        #expect(whole.planHash.hasPrefix("sha256:") && whole.isPartial)
    }

    @Test func maxChangesCountsEveryShardsMutations() {
        let options = PlanOptions(maxChanges: 3)
        let whole = Planner.plan(
            drift: Differ.diff(desired: Self.desired, inventory: Self.inventory, now: Fixture.now), desired: Self.desired,
            inventory: Self.inventory, options: options)
        let (_, plan, _) = Self.sharded(Self.inventory.shards(), options: options)
        #expect(plan == whole)
        let overLimit = plan.actions.filter { $0.blockedBy == .overMaxChanges(changes: 4, limit: 3) }
        #expect(overLimit.count == 4, "four mutations across three shards, so all four blocked: \(plan.actions)")
        #expect(Set(overLimit.map(\.target)).count > 1)
        #expect(plan.actions.contains { $0.type == .manual && $0.status == .planned }, "runbooks are never blocked")
    }

    @Test func theHashFollowsEachShardsFacts() {
        let base = PlanHash.compute(desired: "d", inventory: Self.inventory)
        var moved = Self.inventory
        moved.instances[4].tags["team"] = "payments"
        #expect(PlanHash.compute(desired: "d", inventory: moved) != base, "a tag in another region moves the hash")
        var reordered = Self.inventory
        reordered.instances.reverse()
        #expect(PlanHash.compute(desired: "d", inventory: reordered) == base, "the order read in does not")
        #expect(PlanHash.compute(desired: "e", inventory: Self.inventory) != base)
    }
}
