import Foundation
import Testing
@testable import RoleSyncCore

/// Blocked actions carry why as a value; callers decide on it, never on the text.
@Suite struct BlockReasonTests {
    @Test(arguments: [
        (1, BlockReason.overMaxChanges(changes: 5, limit: 1)),
        (50, nil),
    ] as [(Int, BlockReason?)])
    func theBlastRadiusGuardIsTyped(limit: Int, expected: BlockReason?) {
        let plan = fiveMissing(maxChanges: limit)
        #expect(Set(plan.actions.map(\.blockedBy)) == [expected])
        #expect((BlastRadius.refusal(in: plan.actions) != nil) == (expected != nil))
    }

    @Test func protectionAndObserveModeAreTheirOwnReasons() {
        let protected = fiveMissing(maxChanges: 50, policy: ReconcilePolicy(protect: InstanceSelector(tags: ["n": "5"])))
        #expect(protected.actions.compactMap(\.blockedBy) == [.protected])
        let observing = fiveMissing(maxChanges: 50, policy: ReconcilePolicy(mode: .observe))
        #expect(Set(observing.actions.compactMap(\.blockedBy)) == [.observeMode])
        #expect(BlastRadius.refusal(in: observing.actions) == nil, "observe mode is the policy working, not a refusal")
    }

    @Test(arguments: [
        BlockReason.desiredState(.profileNotFound), .protected, .observeMode, .suspended, .overMaxChanges(changes: 60, limit: 50),
    ])
    func reasonsSurviveAPlanFile(_ reason: BlockReason) throws {
        var action = PlannedAction(type: .associate, instanceId: "i-1", account: "1", region: "us-east-1", status: .blocked)
        action.blockedBy = reason
        let data = try RoleSyncJSON.encoder().encode(action)
        #expect(try RoleSyncJSON.decoder().decode(PlannedAction.self, from: data).blockedBy == reason)
        #expect(String(decoding: data, as: UTF8.self).contains("\"kind\" : \"\(reason.kind)\""))
    }

    @Test func aSavedPlanHoldsOnlyWhileItIsWhatWouldBePlannedNow() throws {
        let fresh = fiveMissing(maxChanges: 50)
        #expect(try SavedPlanCheck.verify(fresh, against: fresh) == fresh)
        var moved = fresh
        moved.desiredRevision = "0000000"
        #expect(throws: SavedPlanCheck.Mismatch.desiredRevision(saved: "0000000", now: fresh.desiredRevision)) {
            try SavedPlanCheck.verify(moved, against: fresh)
        }
        var live = fresh
        live.planHash = "sha256:ffff"
        #expect(throws: SavedPlanCheck.Mismatch.liveState(saved: "sha256:ffff", now: fresh.planHash)) {
            try SavedPlanCheck.verify(live, against: fresh)
        }
        var edited = fresh
        edited.actions[0].profile = "arn:aws:iam::111122223333:instance-profile/admin"
        #expect(throws: SavedPlanCheck.Mismatch.actions) { try SavedPlanCheck.verify(edited, against: fresh) }
    }

    private func fiveMissing(maxChanges: Int, policy: ReconcilePolicy = ReconcilePolicy()) -> Plan {
        var policy = policy
        policy.maxChanges = maxChanges
        let instances = (1...5).map { Fixture.instance("i-\($0)", tags: ["team": "payments", "n": "\($0)"]) }
        let desired = Fixture.desired([DifferCase.tag("web")], policy: policy)
        let inventory = Fixture.inventory(instances)
        return Planner.plan(
            drift: Differ.diff(desired: desired, inventory: inventory, now: Fixture.now), desired: desired, inventory: inventory)
    }
}
