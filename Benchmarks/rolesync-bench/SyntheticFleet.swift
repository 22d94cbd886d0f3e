import Foundation
import RoleSyncCore

/// A deterministic fleet and desired state big enough to show how the differ and planner scale.
///
/// Instance `i` lives in one of two regions (alternating), belongs to service `(i / 2) % services`
/// (so every service spans both regions) and to team `service / 20`. The mix, by position:
/// 10% stopped, 1% terminated and 0.4% pending (skipped), 2% tagged with a service nobody
/// assigns (unmanaged), 60% with an association, of which 1 in 25 has another service's
/// profile (wrong) and 1 in 1,000 is still `associating` (pending). Every 997th instance carries
/// the protect tag. Assignment `n` selects `{team, service}` (every tenth adds `env: prod`,
/// every seventh is limited to one region); 1 in 100 names a profile IAM does not have,
/// 1 in 500 asks for `none`, and 1 in 300 names a profile without a role.
struct SyntheticFleet {
    static let account = "123456789012"
    static let regions = ["us-east-1", "eu-west-1"]
    static let protectTag = "rolesync.dev/protect"

    let instanceCount: Int
    let serviceCount: Int

    init(instances: Int = 100_000, assignments: Int = 2_000) {
        instanceCount = instances
        serviceCount = assignments
    }

    static func profileName(_ service: Int) -> String { "svc-\(service)-ec2" }

    static func profileArn(_ service: Int) -> String {
        "arn:aws:iam::\(account):instance-profile/\(profileName(service))"
    }

    static func team(of service: Int) -> String { "team-\(service / 20)" }

    var desiredState: DesiredState {
        let assignments = (0..<serviceCount).map { service -> InstanceRoleAssignment in
            var tags = ["team": Self.team(of: service), "service": "svc-\(service)"]
            if service % 10 == 0 { tags["env"] = "prod" }
            let profile: ProfileReference = service % 500 == 0 ? .none : .name(Self.profileName(service))
            return InstanceRoleAssignment(
                name: "svc-\(service)", selector: InstanceSelector(tags: tags),
                regions: service % 7 == 0 ? [Self.regions[0]] : nil, instanceProfile: profile,
                source: SourceLocation(file: "teams/\(Self.team(of: service))/svc-\(service).yaml", line: 1))
        }
        let policy = ReconcilePolicy(
            regions: Self.regions, unmanaged: .report, maxChanges: instanceCount,
            protect: InstanceSelector(tags: [Self.protectTag: "true"]),
            source: SourceLocation(file: "policy.yaml", line: 1))
        return DesiredState(revision: "0123456789abcdef0123456789abcdef01234567", assignments: assignments, policy: policy)
    }

    var inventory: LiveInventory {
        let targets = Self.regions.map { Target(account: Self.account, region: $0) }
        let instances = (0..<instanceCount).map { instance($0, targets: targets) }
        let profiles = (0..<serviceCount).compactMap { service -> LiveInstanceProfile? in
            guard service % 100 != 99 else { return nil }
            let roles = service % 300 == 150 ? [] : ["arn:aws:iam::\(Self.account):role/svc-\(service)"]
            return LiveInstanceProfile(
                name: Self.profileName(service), arn: Self.profileArn(service), account: Self.account, roles: roles)
        }
        return LiveInventory(targets: targets, instances: instances, profiles: [Self.account: profiles])
    }

    private func instance(_ index: Int, targets: [Target]) -> LiveInstance {
        let service = (index / 2) % serviceCount
        var tags = [
            "team": Self.team(of: service),
            "service": index % 50 == 49 ? "legacy-\(index % 7)" : "svc-\(service)",
            "env": (index / 4_000) % 3 == 0 ? "staging" : "prod",
        ]
        if index % 997 == 0 { tags[Self.protectTag] = "true" }
        let state: InstanceState =
            index % 100 == 7 ? .terminated : index % 250 == 11 ? .pending : index % 10 == 3 ? .stopped : .running
        let instanceId = "i-" + hex(index, width: 17)
        var association: ProfileAssociation?
        if index % 5 < 3 {
            let attached = index % 25 == 0 ? (service + 1) % serviceCount : service
            association = ProfileAssociation(
                associationId: "iip-assoc-" + hex(index, width: 17), instanceId: instanceId,
                profileArn: Self.profileArn(attached), state: index % 1_000 == 1 ? .associating : .associated)
        }
        return LiveInstance(
            instanceId: instanceId, target: targets[index % targets.count], state: state, tags: tags,
            vpcId: "vpc-0a1b2c3d", subnetId: "subnet-\(index % 16)", privateIpAddress: "10.0.\(index / 256 % 256).\(index % 256)",
            association: association)
    }
}

/// Lower-case hexadecimal, zero-padded on the left: EC2's id style.
func hex(_ value: Int, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
