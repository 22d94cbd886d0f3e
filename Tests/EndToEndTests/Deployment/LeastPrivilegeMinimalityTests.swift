import Foundation
import Testing
import TestSupport

/// One action of the policy's core (what today's commands call), the command that needs it,
/// and whether that command reaches a member account.
struct CoreAction: Sendable, CustomTestStringConvertible {
    var action: String
    var command: [String]
    var member: Bool = false
    /// A statement whose `Resource` the emulator cannot match, widened to `*` for the run.
    var widened: String? = nil

    var testDescription: String { "\(action) (\(command.joined(separator: " ")))" }

    /// Every action of the core statements the emulator checks. Left out, as known gaps of the
    /// emulator (see manifests/deploy/README.md): `sts:GetCallerIdentity`, which it (like AWS)
    /// always allows, `iam:PassRole`, which it never checks when a profile is associated or a
    /// group is pinned to a template naming one, and `ec2:RunInstances`, which AWS checks (as a
    /// dependent action) when a group is pinned to a template version and the emulator does not.
    static let enforced: [CoreAction] = [
        CoreAction(action: "ec2:DescribeInstances", command: ["plan"]),
        CoreAction(action: "ec2:DescribeIamInstanceProfileAssociations", command: ["plan"]),
        CoreAction(action: "ec2:DescribeInstanceAttribute", command: ["plan"]),
        CoreAction(action: "iam:ListInstanceProfiles", command: ["plan"]),
        CoreAction(action: "autoscaling:DescribeAutoScalingGroups", command: ["plan"]),
        CoreAction(action: "ec2:DescribeLaunchTemplates", command: ["plan"]),
        CoreAction(action: "ec2:DescribeLaunchTemplateVersions", command: ["plan"]),
        CoreAction(action: "ec2:AssociateIamInstanceProfile", command: ["apply", "--auto-approve"]),
        CoreAction(action: "ec2:ReplaceIamInstanceProfileAssociation", command: ["apply", "--auto-approve"]),
        CoreAction(action: "ec2:DisassociateIamInstanceProfile", command: ["apply", "--auto-approve"]),
        CoreAction(action: "ec2:CreateLaunchTemplateVersion", command: ["apply", "--auto-approve"]),
        CoreAction(action: "ec2:ModifyLaunchTemplate", command: ["apply", "--auto-approve"]),
        CoreAction(action: "autoscaling:UpdateAutoScalingGroup", command: ["apply", "--auto-approve"]),
        CoreAction(action: "sts:AssumeRole", command: ["plan"], member: true),
    ] + leaseTable

    /// The lease table's actions, needed by `--lease-table` (here `apply`, which takes the
    /// leases of the shards it changes; the table is made on first use, so CreateTable too).
    static let leaseTable = ["DescribeTable", "CreateTable", "Scan", "PutItem", "UpdateItem"].map {
        CoreAction(
            action: "dynamodb:\($0)", command: ["apply", "--auto-approve", "--lease-table", "rolesync-leases"],
            widened: "LeaseTable")
    }

    /// Statements for features this suite does not run: organization and region discovery
    /// (`OrganizationTargetsTests` runs them unenforced) and the events queue (`EventDrivenTests`).
    static let unprovenStatements: Set<String> = ["OrganizationDiscovery", "RegionDiscovery", "EventQueue"]

    /// Actions of the core the emulator cannot prove necessary.
    static let emulatorGaps = ["sts:GetCallerIdentity", "iam:PassRole", "ec2:RunInstances"]
}

/// The shipped IAM policy holds nothing today's commands can do without: with any one core
/// action taken out, the command that needs it fails (exit 1) naming the denied action.
@Suite(.serialized) struct LeastPrivilegeMinimalityTests {
    static let suite = "least-privilege-minimality"

    @Test(arguments: CoreAction.enforced)
    func commandFailsWithoutTheAction(_ core: CoreAction) async throws {
        let shipped = try ShippedPolicy.load()
        let policy = try (core.widened.map(shipped.widening(sid:)) ?? shipped).removing(action: core.action)
        let world = try await EnforcedEmulators.shared.prepare(
            suite: Self.suite, seed: try LeastPrivilegeFleet.seed(policy: policy, member: core.member))
        defer { world.remove() }
        let accounts = core.member ? LeastPrivilegeFleet.memberAccountLines : []
        try await world.commit(LeastPrivilegeFleet.manifests(accounts: accounts))

        let result = try await world.rolesync(core.command)

        #expect(result.exitCode == 1, "\(core.command.joined(separator: " ")) without \(core.action): \(result.output)")
        #expect(result.output.contains("AccessDenied"), "no denial reported: \(result.output)")
        #expect(result.output.contains(core.action), "the denial should name \(core.action): \(result.output)")
    }

    /// The list above covers every action of the core statements: a new call needs a new case.
    @Test func everyCoreActionIsProvenOrAKnownGap() throws {
        let core = try ShippedPolicy.load().statements
            .filter { !CoreAction.unprovenStatements.contains($0["Sid"] as? String ?? "") }
            .flatMap(ShippedPolicy.actions(of:))
        let covered = CoreAction.enforced.map(\.action) + CoreAction.emulatorGaps
        #expect(Set(core) == Set(covered), "core actions without a minimality case: \(Set(core).subtracting(covered))")
        #expect(core.count == Set(core).count, "an action is granted twice: \(core)")
    }
}
