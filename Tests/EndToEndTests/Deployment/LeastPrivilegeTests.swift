import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// The shipped IAM policy is enough: an IAM user holding exactly
/// `manifests/deploy/iam/rolesync-policy.json`, against an emulator that checks every request
/// against IAM, can plan, apply, check drift and run the daemon's cycle on a fleet that needs
/// every kind of change and a user-data scan.
@Suite(.serialized) struct LeastPrivilegeTests {
    static let suite = "least-privilege"

    @Test func shippedPolicyIsEnoughForPlanApplyDriftAndRun() async throws {
        let world = try await EnforcedEmulators.shared.prepare(
            suite: Self.suite, seed: try LeastPrivilegeFleet.seed(policy: try ShippedPolicy.load()))
        defer { world.remove() }
        try await world.commit(LeastPrivilegeFleet.manifests())

        let plan = try await world.rolesync("plan")
        #expect(plan.exitCode == 0, "plan: \(plan.output)")
        #expect(
            plan.stdout.contains(SecretMatch.redact(LeastPrivilegeFleet.bakedKeyId)),
            "the user-data was not scanned (DescribeInstanceAttribute): \(plan.output)")

        let apply = try await world.rolesync("apply", "--auto-approve")
        #expect(apply.exitCode == 0, "apply: \(apply.output)")
        #expect(!apply.output.contains("AccessDenied"), "apply: \(apply.output)")

        let drift = try await world.rolesync("drift")
        #expect(drift.exitCode == 0, "drift: \(drift.output)")
        #expect(!drift.stdout.contains("template-missing-profile"), "the templates were not fixed: \(drift.output)")

        let run = try await world.rolesync("run", "--once")
        #expect(run.exitCode == 0, "run --once: \(run.output)")

        let associations = try await EnforcedEmulators.shared.unchecked(suite: Self.suite) {
            try await FleetFixture(server: $0).associations()
        }
        let expected = Dictionary(uniqueKeysWithValues: LeastPrivilegeFleet.converged.map { (world.id($0.key), $0.value) })
        #expect(associations == expected, "the fleet did not converge under the shipped policy")
    }

    @Test func shippedPolicyIsEnoughToReachAMemberAccount() async throws {
        let world = try await EnforcedEmulators.shared.prepare(
            suite: Self.suite, seed: try LeastPrivilegeFleet.seed(policy: try ShippedPolicy.load(), member: true))
        defer { world.remove() }
        try await world.commit(LeastPrivilegeFleet.manifests(accounts: LeastPrivilegeFleet.memberAccountLines))

        let plan = try await world.rolesync("plan")

        #expect(plan.exitCode == 0, "plan through the member role: \(plan.output)")
    }

    /// `sts:AssumeRole` is limited to roles named `rolesync`: the emulator checks the role ARN.
    @Test func assumeRoleIsLimitedToTheMemberRoleName() async throws {
        let world = try await EnforcedEmulators.shared.prepare(
            suite: Self.suite, seed: try LeastPrivilegeFleet.seed(policy: try ShippedPolicy.load(), member: true))
        defer { world.remove() }
        let otherRole = "arn:aws:iam::\(LeastPrivilegeFleet.memberAccount):role/admin"
        try await world.commit(LeastPrivilegeFleet.manifests(accounts: [
            "accounts:", "  - id: \"\(LeastPrivilegeFleet.memberAccount)\"", "    roleArn: \(otherRole)",
        ]))

        let plan = try await world.rolesync("plan")

        #expect(plan.exitCode == 1, "\(plan.output)")
        #expect(plan.output.contains("sts:AssumeRole"), "the denial should name sts:AssumeRole: \(plan.output)")
    }
}
