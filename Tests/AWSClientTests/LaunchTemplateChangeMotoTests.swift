import AWSClient
import Foundation
import Testing

/// The calls that fix a launch template at its source, against the real emulator: a new
/// version naming another profile, `$Default` moved to it, and a group pinned to it.
@Suite("Launch template changes against the emulator")
struct LaunchTemplateChangeMotoTests {
    @Test("a version is made from the one in use, made the default, and a group is pinned to it")
    func versionDefaultAndGroup() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let region = "eu-north-1"
        let output = try await moto.python("""
            ec2 = boto3.client("ec2")
            asg = boto3.client("autoscaling")
            lt = ec2.create_launch_template(LaunchTemplateName="lt-change", LaunchTemplateData={
                "ImageId": "ami-12c6146b", "IamInstanceProfile": {"Name": "old"}})["LaunchTemplate"]
            asg.create_auto_scaling_group(AutoScalingGroupName="change-pinned", MinSize=0, MaxSize=1, DesiredCapacity=0,
                AvailabilityZones=["\(region)a"], LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"], "Version": "1"})
            asg.create_auto_scaling_group(AutoScalingGroupName="change-mixed", MinSize=0, MaxSize=1, DesiredCapacity=0,
                AvailabilityZones=["\(region)a"], MixedInstancesPolicy={"LaunchTemplate": {
                    "LaunchTemplateSpecification": {"LaunchTemplateId": lt["LaunchTemplateId"], "Version": "1"}}})
            print(lt["LaunchTemplateId"])
            """, region: region)
        let templateId = output.trimmingCharacters(in: .whitespacesAndNewlines)
        let clients = try moto.clients(region: region)
        defer { Task { await clients.shutdown() } }
        let arn = "arn:aws:iam::123456789012:instance-profile/new"

        let created = try await clients.ec2.createLaunchTemplateVersion(
            templateId: templateId, sourceVersion: 1, profile: arn, description: "rolesync", clientToken: "token-1")
        #expect(created == 2)
        let versions = try await clients.ec2.describeLaunchTemplateVersions(templateId: templateId, versions: ["2"])
        #expect(versions.first?.profileArn == arn)

        try await clients.ec2.setDefaultLaunchTemplateVersion(templateId: templateId, version: created)
        let template = try await clients.ec2.describeLaunchTemplate(id: templateId)
        #expect(template?.defaultVersionNumber == 2)
        #expect(template?.latestVersionNumber == 2)

        try await clients.autoScaling.setLaunchTemplateVersion(
            groupName: "change-pinned", templateId: templateId, version: created, inMixedInstancesPolicy: false)
        try await clients.autoScaling.setLaunchTemplateVersion(
            groupName: "change-mixed", templateId: templateId, version: created, inMixedInstancesPolicy: true)
        let groups = try await clients.autoScaling.describeAutoScalingGroups(names: ["change-pinned", "change-mixed"])
        #expect(groups.map(\.name).sorted() == ["change-mixed", "change-pinned"])
        #expect(groups.first { $0.name == "change-pinned" }?.launchTemplate?.version == "2")
        #expect(groups.first { $0.name == "change-mixed" }?.mixedInstancesTemplate?.version == "2")
    }

    @Test("a template that is gone reads as none")
    func goneTemplate() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let clients = try moto.clients(region: "eu-south-1")
        defer { Task { await clients.shutdown() } }
        let found = try? await clients.ec2.describeLaunchTemplate(id: "lt-0000000000000000f")
        #expect(found == nil)
    }
}
