import AWSClient
import Foundation
import RoleSyncCore

/// Turns API shapes into the core's live-state values.
enum InventoryMapping {
    /// Instances with their active association. The association listing is the truth for which
    /// profile an instance has (DescribeInstances can lag behind a Replace).
    static func liveInstances(
        _ instances: [EC2Instance], associations: [IamInstanceProfileAssociation], target: Target
    ) -> [LiveInstance] {
        var active: [String: ProfileAssociation] = [:]
        for association in associations {
            guard let state = AssociationState(rawValue: association.state), state != .disassociated,
                  let arn = association.iamInstanceProfile?.arn
            else { continue }
            let candidate = ProfileAssociation(
                associationId: association.associationId, instanceId: association.instanceId,
                profileArn: arn, state: state)
            // Prefer a settled association over one in flight when EC2 lists both.
            if let existing = active[association.instanceId], existing.state == .associated { continue }
            active[association.instanceId] = candidate
        }
        return instances.map { instance in
            LiveInstance(
                instanceId: instance.instanceId, target: target,
                state: InstanceState(rawValue: instance.state) ?? .pending, tags: instance.tags,
                vpcId: instance.vpcId, subnetId: instance.subnetId,
                privateIpAddress: instance.privateIpAddress, publicIpAddress: instance.publicIpAddress,
                launchTime: instance.launchTime, association: active[instance.instanceId])
        }
    }

    static func profiles(_ profiles: [InstanceProfile], account: String) -> [LiveInstanceProfile] {
        profiles.map {
            LiveInstanceProfile(name: $0.name, arn: $0.arn, account: account, roles: $0.roles.map(\.arn))
        }.sorted { $0.arn < $1.arn }
    }
}
