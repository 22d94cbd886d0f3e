import Foundation
import Testing
@testable import RoleSyncCore

/// A mixed fleet used by detail, planner and report tests.
enum MixedFleet {
    static let assignments = [
        Fixture.assignment("payments", tags: ["team": "payments"], profile: "web", line: 5),
        Fixture.assignment("db-pinned", ids: ["i-3"], profile: "db", line: 12, file: "teams/db.yaml"),
        Fixture.assignment("no-role", ids: ["i-4"], profile: "none", line: 20),
        Fixture.assignment("ghost", ids: ["i-5"], profile: "ghost", line: 25),
    ]

    static let instances = [
        Fixture.instance("i-1", tags: ["team": "payments"], profile: "web"),
        Fixture.instance("i-2", .stopped, tags: ["team": "payments"]),
        Fixture.instance("i-3", profile: "web"),
        Fixture.instance("i-4", .stopped, profile: "db"),
        Fixture.instance("i-5"),
        Fixture.instance("i-6", profile: "web"),
        Fixture.instance("i-7", .terminated, tags: ["team": "payments"]),
    ]

    static var desired: DesiredState { Fixture.desired(assignments) }
    static var inventory: LiveInventory { Fixture.inventory(instances) }
    static var report: DriftReport { Differ.diff(desired: desired, inventory: inventory, now: Fixture.now) }
}

@Test func conflictNamesBothProfilesAndTheFirstSource() throws {
    let report = Differ.diff(
        desired: Fixture.desired([DifferCase.id("db", line: 9), DifferCase.id("web", line: 3)]),
        inventory: Fixture.inventory([Fixture.instance("i-1")]), now: Fixture.now)
    let item = try #require(report.items.first)
    #expect(item.kind == .conflict)
    #expect(item.desired == "web, db")
    #expect(item.source == SourceLocation(file: "teams/app.yaml", line: 3))
    #expect(item.reason?.contains("by-id-web-3") == true && item.reason?.contains("by-id-db-9") == true)
    #expect(report.resolutions.first?.desiredProfileArn == nil)
}

@Test func sameProfileFromTwoAssignmentsTakesTheFirstSource() throws {
    let report = Differ.diff(
        desired: Fixture.desired([DifferCase.id("web", line: 30), DifferCase.id("web", line: 7)]),
        inventory: Fixture.inventory([Fixture.instance("i-1")]), now: Fixture.now)
    let item = try #require(report.items.first)
    #expect(item.kind == .missing)
    #expect(item.source?.line == 7)
}

@Test func exemptItemCarriesReasonExpiryAndExemptionSource() throws {
    let report = Differ.diff(
        desired: Fixture.desired([DifferCase.id("web")],
                                 exemptions: [Fixture.exemption("vendor", ids: ["i-1"], expires: "2026-12-31")]),
        inventory: Fixture.inventory([Fixture.instance("i-1", profile: "db")]), now: Fixture.now)
    let item = try #require(report.items.first)
    #expect(item.kind == .exempt)
    #expect(item.reason == "vendor appliance, SEC-142 (exemption vendor, expires 2026-12-31)")
    #expect(item.source?.description == "exemptions.yaml:40")
    #expect(item.actual == Fixture.profileArn("db"))
    #expect(report.summary == DriftSummary(instances: 1, inSync: 0, drifted: 0))
}

@Test func embeddedCredentialItemShowsRedactedKeyAndLocation() throws {
    let report = Differ.diff(
        desired: Fixture.desired([]), inventory: Fixture.inventory([], findings: [Fixture.finding("i-9", line: 7)]),
        now: Fixture.now)
    let item = try #require(report.items.first)
    #expect(item.kind == .embeddedCredentials)
    #expect(item.actual == "AKIA…WXYZ")
    #expect(item.reason == "access-key-id at user-data:7")
}

@Test func unmanagedItemShowsTheAttachedProfile() {
    let report = Differ.diff(
        desired: Fixture.desired([]), inventory: Fixture.inventory([Fixture.instance("i-1", profile: "web")]),
        now: Fixture.now)
    #expect(report.items == [DriftItem(instanceId: "i-1", target: Fixture.east, kind: .unmanaged,
                                       actual: Fixture.profileArn("web"))])
}

@Test func mixedFleetSummaryAndResolutions() {
    let report = MixedFleet.report
    #expect(report.items.map { "\($0.instanceId) \($0.kind.rawValue)" } == [
        "i-2 missing", "i-3 wrong", "i-4 unexpected", "i-5 profile-not-found", "i-6 unmanaged",
    ])
    #expect(report.summary == DriftSummary(instances: 6, inSync: 1, drifted: 4))
    #expect(report.resolutions.map(\.instanceId) == ["i-1", "i-2", "i-3", "i-4", "i-5", "i-6"])
    let wrong = report.resolutions[2]
    #expect(wrong.desiredProfileArn == Fixture.profileArn("db"))
    #expect(wrong.actual?.profileArn == Fixture.profileArn("web"))
    #expect(wrong.source == SourceLocation(file: "teams/db.yaml", line: 12, column: 3))
}

@Test func protectionIsRecordedOnTheResolution() {
    let policy = ReconcilePolicy(protect: InstanceSelector(instanceIds: ["i-2"], tags: ["keep": "yes"]))
    let report = Differ.diff(
        desired: Fixture.desired([DifferCase.id("web")], policy: policy),
        inventory: Fixture.inventory([Fixture.instance("i-1", tags: ["keep": "yes"]), Fixture.instance("i-2")]),
        now: Fixture.now)
    #expect(report.resolutions.map(\.protectedBy) == ["tag keep=yes", "instance id i-2"])
}

@Test func diffDoesNotDependOnInputOrder() {
    var desired = MixedFleet.desired
    var inventory = MixedFleet.inventory
    let expected = Differ.diff(desired: desired, inventory: inventory, now: Fixture.now)
    var generator = SeededGenerator(seed: 7)
    for _ in 0..<5 {
        desired.assignments.shuffle(using: &generator)
        inventory.instances.shuffle(using: &generator)
        #expect(Differ.diff(desired: desired, inventory: inventory, now: Fixture.now) == expected)
    }
}

@Test func driftItemSurvivesAJSONRoundTrip() throws {
    let item = DriftItem(instanceId: "i-1", target: Fixture.east, kind: .profileNotFound, desired: "ghost",
                         source: SourceLocation(file: "c:dir/a.yaml", line: 4, column: 9))
    let data = try RoleSyncJSON.encoder().encode(item)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"source\" : \"c:dir/a.yaml:4\""))
    #expect(text.contains("\"actual\" : null"))
    #expect(try RoleSyncJSON.decoder().decode(DriftItem.self, from: data) == item)
}

/// A small deterministic generator (SplitMix64) for shuffles and run ids in tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
