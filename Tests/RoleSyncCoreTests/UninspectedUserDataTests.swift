import Foundation
import Testing
@testable import RoleSyncCore

/// User-data that could not be read in full is drift of its own kind in every report, never
/// silence: an in-sync instance with unreadable user-data is not called in sync.
private func planFor(_ inventory: LiveInventory, _ desired: DesiredState = Fixture.desired([DifferCase.id("web")])) -> Plan {
    Planner.plan(drift: Differ.diff(desired: desired, inventory: inventory, now: Fixture.now), desired: desired, inventory: inventory)
}

@Test func uninspectedUserDataIsDriftWithItsReason() throws {
    let inventory = Fixture.inventory([Fixture.instance("i-1", profile: "web")], uninspected: [Fixture.uninspected("i-1")])
    let report = Differ.diff(desired: Fixture.desired([DifferCase.id("web")]), inventory: inventory, now: Fixture.now)
    #expect(report.items == [DriftItem(
        instanceId: "i-1", target: Fixture.east, kind: .userDataUninspected,
        reason: "could not inspect: decoded user-data exceeds the 1 MiB budget per instance (in user-data)")])
    #expect(report.summary == DriftSummary(instances: 1, inSync: 0, drifted: 1), "unreadable is not clean")
    #expect(DriftKind.userDataUninspected.isDrift)
}

@Test func uninspectedUserDataOfTerminatedInstancesIsDropped() {
    let inventory = Fixture.inventory([Fixture.instance("i-1", .terminated)], uninspected: [Fixture.uninspected("i-1")])
    #expect(Differ.diff(desired: Fixture.desired([]), inventory: inventory, now: Fixture.now).items.isEmpty)
}

@Test func thePlannerGivesNoActionForUninspectedUserData() {
    let plan = planFor(Fixture.inventory([Fixture.instance("i-1", profile: "web")], uninspected: [Fixture.uninspected("i-1")]))
    #expect(plan.actions.isEmpty, "nothing to change: the report carries it")
    #expect(plan.drift.map(\.kind) == [.userDataUninspected])
    let withRoleDrift = planFor(Fixture.inventory([Fixture.instance("i-1")], uninspected: [Fixture.uninspected("i-1")]))
    #expect(withRoleDrift.actions.map(\.type) == [.associate], "role drift is fixed as usual")
}

@Test func everyReportShowsCouldNotInspect() throws {
    let plan = planFor(Fixture.inventory([Fixture.instance("i-1", profile: "web")], uninspected: [Fixture.uninspected("i-1")]))
    let reason = "could not inspect: decoded user-data exceeds the 1 MiB budget per instance (in user-data)"
    #expect(TextReport.render(plan) == """
        rolesync plan at 4f2a9c1: 1 instances, 0 in sync, 1 drifted, 0 actions, 0 blocked

        user-data-uninspected (1): user-data could not be inspected for AWS keys
          INSTANCE  ACCOUNT       REGION     DESIRED  ACTUAL  SOURCE  REASON\(String(repeating: " ", count: reason.count - 6))  CAUSE
          i-1       111122223333  us-east-1  -        -       -       \(reason)  -

        No actions.

        """)
    #expect(MarkdownReport.render(plan).contains("#### user-data-uninspected (1)"))
    #expect(MarkdownReport.render(plan).contains(reason))
    #expect(HTMLReport.render(plan).contains(reason))
    let json = String(decoding: JSONReport.render(plan), as: UTF8.self)
    #expect(json.contains("\"kind\" : \"user-data-uninspected\""))
    let drift = Differ.diff(desired: Fixture.desired([DifferCase.id("web")]),
                            inventory: Fixture.inventory([Fixture.instance("i-1", profile: "web")], uninspected: [Fixture.uninspected("i-1")]),
                            now: Fixture.now)
    #expect(JUnitReport.render(drift).contains(
        "<failure type=\"user-data-uninspected\" message=\"i-1 in 111122223333/us-east-1: "
            + "user-data could not be inspected for AWS keys: \(reason).\"/>"))
    let sarif = try #require(try JSONSerialization.jsonObject(with: SARIFReport.render(drift)) as? [String: Any])
    let result = try #require(((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
    #expect(result["ruleId"] as? String == "user-data-uninspected")
    #expect(result["level"] as? String == "warning")
    #expect((result["message"] as? [String: Any])?["text"] as? String
            == "i-1 in 111122223333/us-east-1: user-data could not be inspected for AWS keys: \(reason).")
}

@Test func uninspectedUserDataStaysStandingAfterTheRoleIsFixed() {
    let item = DriftItem(instanceId: "i-1", target: Fixture.east, kind: .userDataUninspected, reason: "could not inspect: x")
    var fixed = PlannedAction(type: .associate, instanceId: "i-1", account: Fixture.east.account, region: Fixture.east.region)
    fixed.status = .succeeded
    let facts = DecisionPolicy.standingFacts(actions: [fixed], drift: [item])
    #expect(facts.contains { $0.contains("user-data-uninspected") })
}

@Test func inspectionRecordsOnlyIncompleteUserData() {
    let clean = CredentialScanner.inspectUserData(base64: "echo hi\n".base64)
    #expect(clean.uninspected(instanceId: "i-1", target: Fixture.east) == nil)
    let broken = CredentialScanner.inspectUserData(base64: "%%%")
    #expect(broken.uninspected(instanceId: "i-1", target: Fixture.east)
            == UninspectedUserData(instanceId: "i-1", target: Fixture.east,
                                   reason: "invalid base64: '%' at offset 0 is not a base64 character (in user-data)"))
}
