import Foundation
@testable import RoleSyncCore

/// Small named values the core tests build fleets and manifests from.
enum Fixture {
    static let accountA = "111122223333"
    static let accountB = "444455556666"
    static let east = Target(account: accountA, region: "us-east-1")
    static let west = Target(account: accountA, region: "us-west-2")
    static let eastB = Target(account: accountB, region: "us-east-1")

    /// 2026-06-15T12:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_781_524_800)

    static func profileArn(_ name: String, account: String = accountA) -> String {
        "arn:aws:iam::\(account):instance-profile/\(name)"
    }

    static func profile(_ name: String, account: String = accountA, roles: [String]? = nil) -> LiveInstanceProfile {
        LiveInstanceProfile(
            name: name, arn: profileArn(name, account: account), account: account,
            roles: roles ?? ["arn:aws:iam::\(account):role/\(name)-role"])
    }

    /// `web` and `db` hold roles, `empty` holds none; account B has only `web`.
    static let profiles: [String: [LiveInstanceProfile]] = [
        accountA: [profile("web"), profile("db"), profile("empty", roles: [])],
        accountB: [profile("web", account: accountB)],
    ]

    static func instance(
        _ id: String, _ state: InstanceState = .running, target: Target = east, tags: [String: String] = [:],
        profile: String? = nil, associationState: AssociationState = .associated, privateIp: String? = nil,
        publicIp: String? = nil
    ) -> LiveInstance {
        LiveInstance(
            instanceId: id, target: target, state: state, tags: tags, privateIpAddress: privateIp,
            publicIpAddress: publicIp,
            association: profile.map {
                ProfileAssociation(
                    associationId: "iip-assoc-\(id)", instanceId: id,
                    profileArn: profileArn($0, account: target.account), state: associationState)
            })
    }

    static func assignment(
        _ name: String, ids: [String] = [], tags: [String: String] = [:], profile: String, line: Int,
        file: String = "teams/app.yaml", regions: [String]? = nil, accounts: [String]? = nil
    ) -> InstanceRoleAssignment {
        InstanceRoleAssignment(
            name: name, selector: InstanceSelector(instanceIds: ids, tags: tags), regions: regions,
            accounts: accounts, instanceProfile: ProfileReference(manifestValue: profile),
            source: SourceLocation(file: file, line: line, column: 3))
    }

    static func exemption(_ name: String, ids: [String], expires: String, line: Int = 40) -> Exemption {
        Exemption(
            name: name, selector: InstanceSelector(instanceIds: ids), reason: "vendor appliance, SEC-142",
            expires: expires, source: SourceLocation(file: "exemptions.yaml", line: line))
    }

    static func desired(
        _ assignments: [InstanceRoleAssignment], exemptions: [Exemption] = [],
        policy: ReconcilePolicy = ReconcilePolicy()
    ) -> DesiredState {
        DesiredState(revision: "4f2a9c1e0b7d4c3a2f1e0d9c8b7a695847362514", assignments: assignments,
                     exemptions: exemptions, policy: policy)
    }

    static func inventory(
        _ instances: [LiveInstance], findings: [CredentialFinding] = [], uninspected: [UninspectedUserData] = []
    ) -> LiveInventory {
        let targets = Array(Set(instances.map(\.target))).sorted()
        return LiveInventory(targets: targets, instances: instances, profiles: profiles, findings: findings,
                             uninspected: uninspected)
    }

    static func uninspected(_ instanceId: String, target: Target = east) -> UninspectedUserData {
        UninspectedUserData(instanceId: instanceId, target: target,
                            reason: "decoded user-data exceeds the 1 MiB budget per instance (in user-data)")
    }

    static func finding(_ instanceId: String, target: Target = east, line: Int = 12) -> CredentialFinding {
        CredentialFinding(instanceId: instanceId, target: target, location: "user-data:\(line)",
                          redactedKeyId: "AKIA…WXYZ", kind: "access-key-id")
    }
}
