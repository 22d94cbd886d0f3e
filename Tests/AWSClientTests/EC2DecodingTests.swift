@testable import AWSClient
import Foundation
import Testing

@Suite("EC2 answers decoded from recorded exchanges")
struct EC2DecodingTests {
    func response(_ file: String) throws -> XMLElementNode {
        let sample = try QuerySample(file: file)
        return try ResponseDecoding.decode(status: sample.status, body: Data(sample.responseBody.utf8), action: "test")
    }

    @Test("DescribeInstances maps every field rolesync uses")
    func describeInstances() throws {
        let instances = EC2Decoding.instances(in: try response("http_002_DescribeInstances.txt"))
        #expect(instances == [
            EC2Instance(
                instanceId: "i-8e61448d6e33b8b45", state: "running", tags: ["Name": "sample"],
                vpcId: "vpc-21d082f650421b099", subnetId: "subnet-d5852bc09f31f214d",
                privateIpAddress: "10.102.169.96", publicIpAddress: "54.214.156.127",
                launchTime: AWSDateFormat.parseISO8601("2026-11-29T00:28:27.000Z"), iamInstanceProfile: nil,
                imageId: "ami-12c6146b", instanceType: "m1.small"),
        ])
    }

    @Test("association answers of Associate, Describe, Replace and Disassociate", arguments: [
        ("http_003_AssociateIamInstanceProfile.txt", "app-role-profile", "esmjn5lwzds64l03hdpb", "associating"),
        ("http_004_DescribeIamInstanceProfileAssociations.txt", "app-role-profile", "esmjn5lwzds64l03hdpb", "associated"),
        ("http_005_ReplaceIamInstanceProfileAssociation.txt", "other-role-profile", "0anduprhfguoyy9e53rn", "associating"),
        ("http_006_DisassociateIamInstanceProfile.txt", "other-role-profile", "0anduprhfguoyy9e53rn", "disassociating"),
    ])
    func associations(file: String, profile: String, profileId: String, state: String) throws {
        let root = try response(file)
        let node = try #require(root.child("iamInstanceProfileAssociation") ?? root.list("iamInstanceProfileAssociationSet").first)
        let association = try EC2Decoding.association(node, action: "test")
        #expect(association == IamInstanceProfileAssociation(
            associationId: "iip-assoc-3b1e1858539345975", instanceId: "i-8e61448d6e33b8b45",
            iamInstanceProfile: IamInstanceProfileRef(
                arn: "arn:aws:iam::123456789012:instance-profile/\(profile)", id: profileId),
            state: state))
    }

    @Test("requests are encoded as the reference SDK encodes them", arguments: [
        ("http_002_DescribeInstances.txt",
         QueryRequest(action: "DescribeInstances", version: "2016-11-15",
                      parameters: [.init("Filter.1.Name", "tag:Name"), .init("Filter.1.Value.1", "sample"),
                                   .init("MaxResults", "5")])),
        ("http_003_AssociateIamInstanceProfile.txt",
         QueryRequest(action: "AssociateIamInstanceProfile", version: "2016-11-15",
                      parameters: [.init("InstanceId", "i-8e61448d6e33b8b45"),
                                   InstanceProfileSpecifier(nameOrArn: "app-role-profile").parameter])),
        ("http_006_DisassociateIamInstanceProfile.txt",
         QueryRequest(action: "DisassociateIamInstanceProfile", version: "2016-11-15",
                      parameters: [.init("AssociationId", "iip-assoc-3b1e1858539345975")])),
    ])
    func requestEncoding(file: String, request: QueryRequest) throws {
        #expect(request.formBody == (try QuerySample(file: file)).requestBody)
    }

    @Test("profile names go as Name, ARNs as Arn")
    func profileSpecifier() {
        #expect(InstanceProfileSpecifier(nameOrArn: "web").parameter == .init("IamInstanceProfile.Name", "web"))
        let arn = "arn:aws:iam::123456789012:instance-profile/web"
        #expect(InstanceProfileSpecifier(nameOrArn: arn).parameter == .init("IamInstanceProfile.Arn", arn))
    }

    @Test("token buckets by action and narrowing", arguments: [
        ("DescribeInstances", [] as [String], APIBucket.unfilteredDescribe),
        ("DescribeInstances", ["MaxResults"], .nonMutating),
        ("DescribeInstances", ["Filter.1.Name"], .nonMutating),
        ("DescribeInstances", ["InstanceId.1"], .nonMutating),
        ("DescribeIamInstanceProfileAssociations", [], .nonMutating),
        ("DescribeRegions", [], .nonMutating),
        ("DescribeInstanceAttribute", ["InstanceId"], .nonMutating),
        ("AssociateIamInstanceProfile", ["InstanceId"], .associate),
        ("DisassociateIamInstanceProfile", ["AssociationId"], .disassociate),
        ("ReplaceIamInstanceProfileAssociation", ["AssociationId"], .mutating),
        ("RunInstances", [], .mutating),
    ])
    func buckets(action: String, parameterNames: [String], bucket: APIBucket) {
        let request = QueryRequest(
            action: action, version: "2016-11-15", parameters: parameterNames.map { .init($0, "x") })
        #expect(EC2Client.bucket(for: request) == bucket)
    }
}
