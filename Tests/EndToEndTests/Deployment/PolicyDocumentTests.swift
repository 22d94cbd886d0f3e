import Foundation
import Testing
import TestSupport

/// The shape of the shipped IAM documents: named statements, and the two grants that hand
/// out power (passing roles, assuming roles) scoped as the README promises. The emulator does
/// not check PassRole, so its scope is checked here, in the document itself.
@Suite struct PolicyDocumentTests {
    @Test func everyStatementHasAUniqueSid() throws {
        let sids = try ShippedPolicy.load().statements.map { $0["Sid"] as? String ?? "" }
        #expect(!sids.contains(""), "a statement without a Sid: \(sids)")
        #expect(sids.count == Set(sids).count, "Sids repeat: \(sids)")
    }

    @Test func passRoleIsLimitedToManagedRolesPassedToEC2() throws {
        let passRole = try #require(try Self.statement(granting: "iam:PassRole"))
        #expect(passRole["Resource"] as? String == "arn:aws:iam::*:role/rolesync-managed/*")
        let condition = passRole["Condition"] as? [String: [String: String]]
        #expect(condition?["StringEquals"]?["iam:PassedToService"] == "ec2.amazonaws.com", "\(passRole)")
    }

    /// Auto Scaling checks `ec2:RunInstances` when a group is moved to a template version; the
    /// grant must not let rolesync launch anything but from a launch template.
    @Test func runInstancesIsLimitedToLaunchesFromLaunchTemplates() throws {
        let run = try #require(try Self.statement(granting: "ec2:RunInstances"))
        #expect(ShippedPolicy.actions(of: run) == ["ec2:RunInstances"])
        let condition = run["Condition"] as? [String: [String: String]]
        #expect(condition?["ArnLike"]?["ec2:LaunchTemplate"] == "arn:aws:ec2:*:*:launch-template/*", "\(run)")
        #expect(condition?["Bool"]?["ec2:IsLaunchTemplateResource"] == "true", "\(run)")
    }

    @Test func assumeRoleIsLimitedToTheMemberRole() throws {
        let assume = try #require(try Self.statement(granting: "sts:AssumeRole"))
        #expect(assume["Resource"] as? String == "arn:aws:iam::*:role/rolesync")
    }

    @Test func nothingIsGrantedByWildcardAction() throws {
        let actions = try ShippedPolicy.load().allActions
        #expect(actions.allSatisfy { !$0.contains("*") }, "\(actions)")
        #expect(try ShippedPolicy.load().statements.allSatisfy { $0["Effect"] as? String == "Allow" })
    }

    @Test func memberTrustPolicyTrustsOnlyTheRoleSyncRole() throws {
        let data = Data(try LeastPrivilegeFleet.memberTrust().utf8)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let statements = try #require(document["Statement"] as? [[String: Any]])
        #expect(statements.count == 1)
        let principal = statements.first?["Principal"] as? [String: String]
        #expect(principal?["AWS"]?.hasSuffix(":role/rolesync") == true, "\(statements)")
        #expect(statements.first?["Action"] as? String == "sts:AssumeRole")
    }

    static func statement(granting action: String) throws -> [String: Any]? {
        try ShippedPolicy.load().statements.first { ShippedPolicy.actions(of: $0).contains(action) }
    }
}
