import Foundation
import RoleSyncCore
import Testing
import TestSupport

extension PlanCommandTests {
    /// User-data rolesync cannot read in full is reported as such by `plan` and `scan`, never
    /// passed over as clean.
    @Test func unreadableUserDataIsReportedAsUninspected() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let broken = "Content-Type: multipart/mixed\nMIME-Version: 1.0\n\n--x\n\n#!/bin/bash\necho hi\n--x--\n"
        let ids = try await world.fleet.seed(
            profiles: [ProfileSeed("web-ec2", role: "web-app")],
            instances: [InstanceSeed("odd", tags: ["team": "web"], profile: "web-ec2", userData: broken)])
        try await world.commit([
            "policy.yaml": ManifestText.policy(extra: ["scanUserData: true"]),
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
        ])
        let odd = try #require(ids["odd"])
        let reason = "could not inspect: multipart without a boundary parameter (in user-data)"

        let plan = try await world.plan()
        #expect(plan.drift.filter { $0.instanceId == odd }.map(\.kind) == [.userDataUninspected], "\(plan.drift)")
        #expect(plan.drift.first { $0.instanceId == odd }?.reason == reason)
        #expect(plan.summary.inSync == 0, "unreadable user-data is not in sync")
        #expect(plan.actions.isEmpty)
        let text = try await world.rolesync("drift")
        #expect(text.stdout.contains(reason), "\(text.output)")

        let scan = try await RoleSyncBinary.run(["scan", "--user-data"], environment: world.awsEnvironment())
        #expect(scan.exitCode == 2, "\(scan.output)")
        #expect(scan.stdout.contains("\(odd): \(reason)"), "\(scan.stdout)")
        #expect(scan.stdout.contains("1 instance(s) could not be inspected"))
    }
}
