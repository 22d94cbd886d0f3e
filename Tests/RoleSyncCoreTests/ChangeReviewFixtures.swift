import Foundation
@testable import RoleSyncCore

/// Manifests written as YAML (so field lines are real) and a review of two revisions of them.
enum ReviewFixture {
    /// Line 7 is `instanceProfile`, line 6 the selector.
    static func assignment(_ name: String, selector: String, profile: String, extra: [String] = []) -> String {
        """
        apiVersion: rolesync.dev/v1
        kind: InstanceRoleAssignment
        metadata:
          name: \(name)
        spec:
          selector: \(selector)
          instanceProfile: \(profile)
        \(extra.map { "  " + $0 }.joined(separator: "\n"))

        """
    }

    static func exemption(_ name: String, ids: [String], expires: String, reason: String = "Vendor appliance") -> String {
        """
        apiVersion: rolesync.dev/v1
        kind: Exemption
        metadata:
          name: \(name)
        spec:
          selector: {instanceIds: [\(ids.joined(separator: ", "))]}
          reason: "\(reason)"
          expires: \(expires)

        """
    }

    static func policy(_ lines: [String] = []) -> String {
        """
        apiVersion: rolesync.dev/v1
        kind: ReconcilePolicy
        metadata:
          name: default
        spec:
          regions: [us-east-1]
        \(lines.map { "  " + $0 }.joined(separator: "\n"))

        """
    }

    static func desired(_ files: [String: String], revision: String) throws -> DesiredState {
        let report = loadManifests(files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, revision: revision)
        guard let desired = report.desiredState, report.problems.isEmpty else {
            throw FixtureError(problems: report.problems.map(\.description))
        }
        return desired
    }

    struct FixtureError: Error { var problems: [String] }

    /// The review of `head` against `base` over `instances` (all in `Fixture.east`).
    static func review(
        base: [String: String], head: [String: String], instances: [LiveInstance], maxChanges: Int? = nil
    ) throws -> Plan {
        let baseState = try desired(base, revision: "base000000000000")
        let headState = try desired(head, revision: "head000000000000")
        let inventory = Fixture.inventory(instances)
        let drift = Differ.diff(desired: headState, inventory: inventory, now: Fixture.now)
        let options = PlanOptions(maxChanges: maxChanges)
        let plan = Planner.plan(drift: drift, desired: headState, inventory: inventory, options: options)
        return ChangeReviewer.review(
            base: baseState, head: headState, headDrift: drift, headPlan: plan, inventory: inventory, now: Fixture.now,
            options: options, baseRef: "main", mergeBase: "base000000000000")
    }

    static func web(_ count: Int, profile: String? = "web") -> [LiveInstance] {
        (1...count).map { Fixture.instance(String(format: "i-%08x", $0), tags: ["team": "web"], profile: profile) }
    }
}

extension Plan {
    var reviewed: ChangeReview { review! }
    var riskKinds: [String] { review?.risks.map(\.kind) ?? [] }
}
