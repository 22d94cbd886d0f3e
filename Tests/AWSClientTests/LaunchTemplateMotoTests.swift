import AWSClient
import Foundation
import Testing

/// Auto Scaling groups and launch templates read from the real emulator, with signature checking on.
@Suite("Auto Scaling and launch template reads against the emulator")
struct LaunchTemplateMotoTests {
    @Test("groups page by page with what they launch from; templates and their versions, aliases resolved once")
    func groupsAndTemplates() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let region = "ap-northeast-1"
        let output = try await moto.python("""
            import base64
            ec2 = boto3.client("ec2")
            asg = boto3.client("autoscaling")
            lt = ec2.create_launch_template(LaunchTemplateName="lt-read-web", LaunchTemplateData={
                "ImageId": "ami-12c6146b", "IamInstanceProfile": {"Name": "web"},
                "UserData": base64.b64encode(b"#!/bin/sh\\necho hi\\n").decode()})["LaunchTemplate"]
            ec2.create_launch_template_version(LaunchTemplateId=lt["LaunchTemplateId"], LaunchTemplateData={
                "ImageId": "ami-12c6146b", "IamInstanceProfile": {"Arn": "arn:aws:iam::123456789012:instance-profile/db"}})
            asg.create_auto_scaling_group(AutoScalingGroupName="read-web", MinSize=0, MaxSize=1, DesiredCapacity=0,
                AvailabilityZones=["\(region)a"], LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"], "Version": "$Latest"},
                Tags=[{"Key": "team", "Value": "web", "PropagateAtLaunch": True},
                      {"Key": "cost", "Value": "c1", "PropagateAtLaunch": False}])
            asg.create_auto_scaling_group(AutoScalingGroupName="read-mixed", MinSize=0, MaxSize=1, DesiredCapacity=0,
                AvailabilityZones=["\(region)a"], MixedInstancesPolicy={"LaunchTemplate": {
                    "LaunchTemplateSpecification": {"LaunchTemplateName": "lt-read-web"},
                    "Overrides": [{"InstanceType": "t3.small",
                                   "LaunchTemplateSpecification": {"LaunchTemplateId": lt["LaunchTemplateId"], "Version": "2"}}]}})
            asg.create_launch_configuration(LaunchConfigurationName="read-lc", ImageId="ami-12c6146b", InstanceType="t3.micro")
            asg.create_auto_scaling_group(AutoScalingGroupName="read-legacy", MinSize=0, MaxSize=1, DesiredCapacity=0,
                AvailabilityZones=["\(region)a"], LaunchConfigurationName="read-lc")
            print(lt["LaunchTemplateId"])
            """, region: region)
        let templateId = output.trimmingCharacters(in: .whitespacesAndNewlines)
        let clients = try AWSTestClients(endpoint: moto.server.endpoint, region: region, credentials: moto.admin, pageSize: 1)
        defer { Task { await clients.shutdown() } }

        let groups = try await clients.autoScaling.describeAutoScalingGroups()
        #expect(groups.map(\.name).sorted() == ["read-legacy", "read-mixed", "read-web"])
        #expect(await clients.metrics.count(for: "DescribeAutoScalingGroups") == 3, "one group per page")
        let web = try #require(groups.first { $0.name == "read-web" })
        #expect(web.launchTemplate == LaunchTemplateSpecification(
            launchTemplateId: templateId, launchTemplateName: "lt-read-web", version: "$Latest"))
        #expect(web.tags.contains(AutoScalingTag(key: "team", value: "web", propagateAtLaunch: true)))
        #expect(web.tags.contains(AutoScalingTag(key: "cost", value: "c1", propagateAtLaunch: false)))
        let mixed = try #require(groups.first { $0.name == "read-mixed" })
        #expect(mixed.mixedInstancesTemplate?.launchTemplateId == templateId)
        #expect(mixed.overrideTemplates == [LaunchTemplateSpecification(launchTemplateId: templateId, version: "2")])
        #expect(groups.first { $0.name == "read-legacy" }?.launchConfigurationName == "read-lc")

        let templates = try await clients.ec2.describeLaunchTemplates()
        #expect(templates == [LaunchTemplate(id: templateId, name: "lt-read-web", defaultVersionNumber: 1, latestVersionNumber: 2)])

        let versions = try await clients.ec2.describeLaunchTemplateVersions(templateId: templateId, versions: ["$Default", "$Latest", "2"])
        #expect(versions.map(\.versionNumber) == [1, 2])
        #expect(versions[0].profileName == "web")
        #expect(versions[0].isDefault)
        #expect(versions[0].userData.flatMap { Data(base64Encoded: $0) } == Data("#!/bin/sh\necho hi\n".utf8))
        #expect(versions[1].profileArn == "arn:aws:iam::123456789012:instance-profile/db")
        #expect(versions[1].userData == nil)
    }

    @Test("an unknown template is a service error naming the action")
    func unknownTemplate() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let clients = try moto.clients(region: "ap-northeast-2")
        defer { Task { await clients.shutdown() } }
        let error = try await #require(throws: AWSServiceError.self) {
            try await clients.ec2.describeLaunchTemplateVersions(templateId: "lt-0000000000000000f", versions: ["1"])
        }
        #expect(error.action == "DescribeLaunchTemplateVersions")
        #expect(!error.code.isEmpty)
    }
}
