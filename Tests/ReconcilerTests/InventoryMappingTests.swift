import AWSClient
import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// API shapes to live-state values: the association listing decides which profile an instance has.
@Suite struct InventoryMappingTests {
    let target = Target(account: "123456789012", region: "us-east-1")
    let oldArn = "arn:aws:iam::123456789012:instance-profile/old"
    let newArn = "arn:aws:iam::123456789012:instance-profile/new"

    @Test func theAssociationListingWinsOverDescribeInstances() {
        // After a Replace, DescribeInstances can still show the old profile.
        let instance = EC2Instance(
            instanceId: "i-0123456789abcdef0", state: "running", tags: ["team": "web"],
            iamInstanceProfile: IamInstanceProfileRef(arn: oldArn))
        let association = IamInstanceProfileAssociation(
            associationId: "iip-assoc-1", instanceId: "i-0123456789abcdef0",
            iamInstanceProfile: IamInstanceProfileRef(arn: newArn), state: "associated")
        let live = InventoryMapping.liveInstances([instance], associations: [association], target: target)
        #expect(live.count == 1)
        #expect(live[0].association?.profileArn == newArn)
        #expect(live[0].state == .running)
        #expect(live[0].tags == ["team": "web"])
        #expect(live[0].target == target)
    }

    @Test func disassociatedRecordsAreNotActiveAndSettledOnesWin() {
        let instance = EC2Instance(instanceId: "i-0123456789abcdef0", state: "stopped")
        let gone = IamInstanceProfileAssociation(
            associationId: "iip-assoc-1", instanceId: instance.instanceId,
            iamInstanceProfile: IamInstanceProfileRef(arn: oldArn), state: "disassociated")
        let settled = IamInstanceProfileAssociation(
            associationId: "iip-assoc-2", instanceId: instance.instanceId,
            iamInstanceProfile: IamInstanceProfileRef(arn: newArn), state: "associated")
        let inFlight = IamInstanceProfileAssociation(
            associationId: "iip-assoc-3", instanceId: instance.instanceId,
            iamInstanceProfile: IamInstanceProfileRef(arn: oldArn), state: "associating")
        let live = InventoryMapping.liveInstances([instance], associations: [gone, settled, inFlight], target: target)
        #expect(live[0].association?.associationId == "iip-assoc-2")
        #expect(live[0].state == .stopped)

        let onlyGone = InventoryMapping.liveInstances([instance], associations: [gone], target: target)
        #expect(onlyGone[0].association == nil)
    }

    @Test func profilesCarryTheirRoleArnsAndAccount() {
        let profiles = InventoryMapping.profiles(
            [InstanceProfile(name: "web", arn: newArn, id: "AIPA1", roles: [IAMRole(name: "web-app", arn: "arn:aws:iam::123456789012:role/web-app")])],
            account: "123456789012")
        #expect(profiles == [LiveInstanceProfile(
            name: "web", arn: newArn, account: "123456789012", roles: ["arn:aws:iam::123456789012:role/web-app"])])
    }
}
