import Foundation
@testable import RoleSyncCore

/// A small plan for golden report tests: one instance per planner outcome.
enum ReportSample {
    static let desired = Fixture.desired([
        Fixture.assignment("payments", tags: ["team": "payments"], profile: "web", line: 5),
        Fixture.assignment("db-pinned", ids: ["i-0b2"], profile: "db", line: 12, file: "teams/db.yaml"),
        Fixture.assignment("ghost", ids: ["i-0c3"], profile: "ghost", line: 20),
    ])

    static let inventory = Fixture.inventory([
        Fixture.instance("i-0a1", tags: ["team": "payments"]),
        Fixture.instance("i-0b2", .stopped, profile: "web"),
        Fixture.instance("i-0c3"),
        Fixture.instance("i-0d4", target: Fixture.west, tags: ["team": "payments"], profile: "web"),
    ])

    static var drift: DriftReport { Differ.diff(desired: desired, inventory: inventory, now: Fixture.now) }
    static var plan: Plan { Planner.plan(drift: drift, desired: desired, inventory: inventory) }
}
