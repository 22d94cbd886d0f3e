import AWSClient
import Foundation
import Testing

/// Every EC2 operation against the real emulator, with signature checking on. Each test
/// works in its own region and with its own IAM names, so they can run in parallel.
@Suite("EC2 operations against the emulator")
struct EC2OperationsMotoTests {
    @Test("describe, associate by name, replace by ARN, disassociate")
    func associationLifecycle() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let region = "eu-west-1"
        let first = try await moto.createInstanceProfile(name: "ops-first", roleName: "ops-first-role")
        let second = try await moto.createInstanceProfile(name: "ops-second", roleName: "ops-second-role")
        let ids = try await moto.launchInstances(region: region, count: 2, tags: ["team": "payments"])
        let clients = try moto.clients(region: region)
        defer { Task { await clients.shutdown() } }

        let instances = try await clients.ec2.describeInstances(filters: [EC2Filter("tag:team", ["payments"])])
        #expect(Set(instances.map(\.instanceId)) == Set(ids))
        let instance = try #require(instances.first { $0.instanceId == ids[0] })
        #expect(instance.state == "running")
        #expect(instance.tags["team"] == "payments")
        #expect(instance.imageId == "ami-12c6146b")
        #expect(instance.instanceType != nil)
        #expect(instance.vpcId?.hasPrefix("vpc-") == true)
        #expect(instance.subnetId?.hasPrefix("subnet-") == true)
        #expect(instance.privateIpAddress != nil)
        #expect(instance.launchTime != nil)
        #expect(instance.iamInstanceProfile == nil)

        let byId = try await clients.ec2.describeInstances(instanceIds: [ids[1]])
        #expect(byId.map(\.instanceId) == [ids[1]])

        let associated = try await clients.ec2.associateIamInstanceProfile(instanceId: ids[0], profile: "ops-first")
        #expect(associated.instanceId == ids[0])
        #expect(associated.iamInstanceProfile?.arn == first.profileArn)

        let listed = try await clients.ec2.describeIamInstanceProfileAssociations(
            filters: [EC2Filter("instance-id", [ids[0]])])
        #expect(listed.map(\.associationId) == [associated.associationId])
        let byAssociationId = try await clients.ec2.describeIamInstanceProfileAssociations(
            associationIds: [associated.associationId])
        #expect(byAssociationId.map(\.instanceId) == [ids[0]])

        let replaced = try await clients.ec2.replaceIamInstanceProfileAssociation(
            associationId: associated.associationId, profile: second.profileArn)
        #expect(replaced.iamInstanceProfile?.arn == second.profileArn)

        let removed = try await clients.ec2.disassociateIamInstanceProfile(associationId: replaced.associationId)
        #expect(removed.state == "disassociating")
        #expect(removed.instanceId == ids[0])
    }

    @Test("an unknown profile fails with its error code, not a transport error")
    func unknownProfile() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let ids = try await moto.launchInstances(region: "eu-west-2", count: 1)
        let clients = try moto.clients(region: "eu-west-2")
        defer { Task { await clients.shutdown() } }
        let error = try await #require(throws: AWSServiceError.self) {
            try await clients.ec2.associateIamInstanceProfile(instanceId: ids[0], profile: "no-such-profile")
        }
        #expect(error.code == "NoSuchEntity")
        #expect(error.action == "AssociateIamInstanceProfile")
    }

    @Test("user data comes back base64-encoded, and nil when unset")
    func userData() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let region = "eu-west-3"
        let output = try await moto.python("""
            ec2 = boto3.client("ec2")
            a = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, UserData="#!/bin/sh\\necho hi\\n")
            b = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)
            print(a["Instances"][0]["InstanceId"], b["Instances"][0]["InstanceId"])
            """, region: region)
        let ids = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let clients = try moto.clients(region: region)
        defer { Task { await clients.shutdown() } }
        let encoded = try #require(try await clients.ec2.describeInstanceAttribute(instanceId: ids[0]))
        #expect(Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } == "#!/bin/sh\necho hi\n")
        #expect(try await clients.ec2.describeInstanceAttribute(instanceId: ids[1]) == nil)
    }

    @Test("regions are listed")
    func regions() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let clients = try moto.clients(region: "eu-north-1")
        defer { Task { await clients.shutdown() } }
        let regions = try await clients.ec2.describeRegions()
        #expect(regions.contains("eu-north-1"))
        #expect(regions.contains("us-east-1"))
    }
}
