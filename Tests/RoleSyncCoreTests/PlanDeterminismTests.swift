import Foundation
import Testing
@testable import RoleSyncCore

private func makePlan(_ desired: DesiredState, _ inventory: LiveInventory) -> Plan {
    Planner.plan(drift: Differ.diff(desired: desired, inventory: inventory, now: Fixture.now),
                 desired: desired, inventory: inventory)
}

@Test func planningTwiceGivesTheSameBytes() {
    let first = makePlan(MixedFleet.desired, MixedFleet.inventory).encodeJSON()
    let second = makePlan(MixedFleet.desired, MixedFleet.inventory).encodeJSON()
    #expect(first == second)
}

@Test func shuffledInputsGiveTheSameBytes() {
    let expected = makePlan(MixedFleet.desired, MixedFleet.inventory).encodeJSON()
    var generator = SeededGenerator(seed: 42)
    for _ in 0..<5 {
        var desired = MixedFleet.desired
        var inventory = MixedFleet.inventory
        desired.assignments.shuffle(using: &generator)
        inventory.instances.shuffle(using: &generator)
        for account in inventory.profiles.keys { inventory.profiles[account]?.shuffle(using: &generator) }
        #expect(makePlan(desired, inventory).encodeJSON() == expected)
    }
}

@Test func planHashFollowsTheLiveStateNotTheClock() {
    let inventory = MixedFleet.inventory
    let revision = MixedFleet.desired.revision
    let hash = PlanHash.compute(desired: revision, inventory: inventory)
    #expect(hash.hasPrefix("sha256:") && hash.count == 7 + 64)
    #expect(PlanHash.compute(desired: revision, inventory: inventory) == hash)
    let reordered = LiveInventory(targets: inventory.targets, instances: inventory.instances.reversed(),
                                  profiles: inventory.profiles, findings: inventory.findings)
    #expect(PlanHash.compute(desired: revision, inventory: reordered) == hash)

    var launched = inventory
    launched.instances[0].launchTime = Fixture.now
    #expect(PlanHash.compute(desired: revision, inventory: launched) == hash, "launch time is not a planning fact")

    var reassociated = inventory
    reassociated.instances[0].association?.profileArn = Fixture.profileArn("db")
    #expect(PlanHash.compute(desired: revision, inventory: reassociated) != hash)

    var newAssociationId = inventory
    newAssociationId.instances[0].association?.associationId = "iip-assoc-new"
    #expect(PlanHash.compute(desired: revision, inventory: newAssociationId) != hash)

    var roleRemoved = inventory
    roleRemoved.profiles[Fixture.accountA]?[0].roles = []
    #expect(PlanHash.compute(desired: revision, inventory: roleRemoved) != hash)

    #expect(PlanHash.compute(desired: "0000000", inventory: inventory) != hash)
}

@Test func planRoundTripsThroughJSON() throws {
    let plan = makePlan(MixedFleet.desired, MixedFleet.inventory)
    let decoded = try Plan.decode(from: plan.encodeJSON())
    #expect(decoded == plan)
    #expect(decoded.encodeJSON() == plan.encodeJSON())
}

@Test func planJSONUsesTheDocumentedFieldNames() throws {
    let plan = makePlan(MixedFleet.desired, MixedFleet.inventory)
    let object = try #require(try JSONSerialization.jsonObject(with: plan.encodeJSON()) as? [String: Any])
    #expect(Set(object.keys) == ["schemaVersion", "desiredRevision", "planHash", "summary", "drift", "actions"])
    #expect(object["schemaVersion"] as? Int == 1)
    let summary = try #require(object["summary"] as? [String: Any])
    #expect(Set(summary.keys) == ["instances", "inSync", "drifted", "actions", "blocked"])
    let drift = try #require((object["drift"] as? [[String: Any]])?.first)
    #expect(Set(drift.keys).isSuperset(of: ["instanceId", "account", "region", "kind", "desired", "actual", "source"]))
    #expect(drift["source"] as? String == "teams/app.yaml:5")
    let action = try #require((object["actions"] as? [[String: Any]])?.first)
    #expect(Set(action.keys).isSuperset(of: ["type", "instanceId", "account", "region", "profile", "status", "reason"]))
}
