import Foundation
import Testing
@testable import RoleSyncCore

/// 2026-11-29T01:02:03Z.
private let started = Date(timeIntervalSince1970: 1_795_914_123)

private func action(_ type: ActionType, _ id: String, _ status: ActionStatus, reason: String? = nil) -> PlannedAction {
    PlannedAction(type: type, instanceId: id, account: Fixture.accountA, region: "us-east-1",
                  profile: type == .disassociate ? nil : Fixture.profileArn("web"), status: status, reason: reason)
}

private func record(_ actions: [PlannedAction], drift: [DriftItem] = []) -> DecisionRecord {
    DecisionRecord(
        runId: "2026-11-29T01:02:03Z-7k2q", desiredRevision: "4f2a9c1e0b7d4c3a2f1e0d9c8b7a695847362514",
        planHash: "sha256:5d41402abc4b2a76b9719d911017c592", targets: [Fixture.west, Fixture.east],
        startedAt: started, finishedAt: started.addingTimeInterval(42), drift: drift, actions: actions)
}

@Test func commitMessageMatchesTheDesign() {
    let message = record([
        action(.associate, "i-1", .succeeded), action(.associate, "i-2", .succeeded),
        action(.associate, "i-3", .succeeded), action(.replace, "i-4", .succeeded),
        action(.associate, "i-5", .blocked, reason: "observe mode"), action(.disassociate, "i-6", .blocked, reason: "suspended"),
    ]).commitMessage()
    #expect(message == """
        rolesync: 3 associated, 1 replaced, 2 blocked at 4f2a9c1

        Desired-Revision: 4f2a9c1e0b7d4c3a2f1e0d9c8b7a695847362514
        Plan-Hash: sha256:5d41402abc4b2a76b9719d911017c592
        Run-Id: 2026-11-29T01:02:03Z-7k2q

        """)
}

@Test func commitMessageCountsEveryOutcomeInOrder() {
    let unmanaged = DriftItem(instanceId: "i-9", target: Fixture.east, kind: .unmanaged)
    let pending = DriftItem(instanceId: "i-10", target: Fixture.east, kind: .pending)
    let message = record([
        action(.disassociate, "i-1", .succeeded), action(.replace, "i-2", .failed),
        action(.associate, "i-3", .skipped), action(.manual, "i-4", .planned),
    ], drift: [unmanaged, pending]).commitMessage()
    #expect(message.hasPrefix("rolesync: 1 disassociated, 1 failed, 1 skipped, 1 manual, 1 detected at 4f2a9c1\n\n"))
}

@Test func recordPathUsesTheUTCDayTheRunStarted() {
    #expect(record([]).path == "decisions/2026/11/29/2026-11-29T01:02:03Z-7k2q.json")
}

@Test func runIdIsUTCSecondsAndFourBase36Characters() {
    #expect(RunId.make(date: started, suffix: "7k2q") == "2026-11-29T01:02:03Z-7k2q")
    var generator = SeededGenerator(seed: 1)
    let id = RunId.make(date: started, using: &generator)
    #expect(id.hasPrefix("2026-11-29T01:02:03Z-"))
    let suffix = id.dropFirst("2026-11-29T01:02:03Z-".count)
    #expect(suffix.count == 4 && suffix.allSatisfy { $0.isNumber || ($0.isLowercase && $0.isASCII) })
    var same = SeededGenerator(seed: 1)
    #expect(RunId.make(date: started, using: &same) == id)
}

@Test func recordRoundTripsThroughJSON() throws {
    let original = record([action(.replace, "i-4", .failed)],
                          drift: [DriftItem(instanceId: "i-4", target: Fixture.east, kind: .wrong)])
    var withError = original
    withError.actions[0].errorCode = "IncorrectState"
    let decoded = try DecisionRecord.decode(from: withError.encodeJSON())
    #expect(decoded == withError)
    #expect(decoded.targets == [Fixture.east, Fixture.west])
    #expect(String(decoding: withError.encodeJSON(), as: UTF8.self).contains("\"startedAt\" : \"2026-11-29T01:02:03Z\""))
}

struct NewsCase: Sendable, CustomTestStringConvertible {
    var name: String
    var actions: [PlannedAction]
    var drift: [DriftItem] = []
    var previous: DecisionRecord?
    var newsworthy: Bool
    var testDescription: String { name }
}

private let blockedAction = action(.associate, "i-5", .blocked, reason: "observe mode")
private let missingItem = DriftItem(instanceId: "i-5", target: Fixture.east, kind: .missing)
private let pendingItem = DriftItem(instanceId: "i-7", target: Fixture.east, kind: .pending)

@Test(arguments: [
    NewsCase(name: "something changed", actions: [action(.associate, "i-1", .succeeded)],
             previous: record([action(.associate, "i-1", .succeeded)]), newsworthy: true),
    NewsCase(name: "something failed", actions: [action(.replace, "i-1", .failed)], newsworthy: true),
    NewsCase(name: "nothing at all", actions: [], newsworthy: false),
    NewsCase(name: "first blocked plan", actions: [blockedAction], drift: [missingItem], newsworthy: true),
    NewsCase(name: "the same blocked plan again", actions: [blockedAction], drift: [missingItem],
             previous: record([blockedAction], drift: [missingItem]), newsworthy: false),
    NewsCase(name: "a newly blocked instance", actions: [blockedAction, action(.associate, "i-6", .blocked, reason: "observe mode")],
             drift: [missingItem], previous: record([blockedAction], drift: [missingItem]), newsworthy: true),
    NewsCase(name: "new drift detected", actions: [],
             drift: [DriftItem(instanceId: "i-8", target: Fixture.east, kind: .unmanaged)],
             previous: record([blockedAction], drift: [missingItem]), newsworthy: true),
    NewsCase(name: "only pending in flight", actions: [], drift: [pendingItem], newsworthy: false),
    NewsCase(name: "all fixed since the last run", actions: [], drift: [],
             previous: record([action(.associate, "i-5", .succeeded)], drift: [missingItem]), newsworthy: false),
    NewsCase(name: "the same manual runbook again", actions: [action(.manual, "i-2", .planned)],
             previous: record([action(.manual, "i-2", .planned)]), newsworthy: false),
])
func newsworthyRuns(_ row: NewsCase) {
    #expect(DecisionPolicy.isNewsworthy(actions: row.actions, drift: row.drift, previousRecord: row.previous) == row.newsworthy)
}
