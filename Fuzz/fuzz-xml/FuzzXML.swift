import Foundation
@testable import AWSClient

/// EC2, IAM and STS answers arrive from the network (or a proxy in between): the XML parser and
/// every decoder behind it must turn any bytes into a value or an error, never crash or hang.
/// The same input goes through each decoder, as a success and as an error answer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Data(bytes: data, count: size)
    _ = try? ResponseDecoding.decode(status: 400, body: body, action: "DescribeInstances")
    guard let root = try? ResponseDecoding.decode(status: 200, body: body, action: "DescribeInstances") else {
        return 0
    }
    ResponseDecoders.decodeAll(root)
    return 0
}

/// The decoders the clients apply to a response root, one call each, results discarded.
enum ResponseDecoders {
    static func decodeAll(_ root: XMLElementNode) {
        _ = EC2Decoding.instances(in: root)
        _ = EC2Decoding.nextToken(root)
        for item in root.list("iamInstanceProfileAssociationSet") {
            _ = try? EC2Decoding.association(item, action: "DescribeIamInstanceProfileAssociations")
        }
        if let node = root.child("iamInstanceProfileAssociation") {
            _ = try? EC2Decoding.association(node, action: "AssociateIamInstanceProfile")
        }
        _ = root.list("regionInfo").compactMap { $0.string("regionName") }
        _ = root.child("userData")?.string("value")
        for action in ["AssumeRole", "AssumeRoleWithWebIdentity"] {
            _ = try? STSRequests.credentials(in: root, action: action)
        }
        if let result = root.child("GetCallerIdentityResult") {
            _ = try? result.requiredString("Account", in: "GetCallerIdentity")
        }
        let listed = root.child("ListInstanceProfilesResult")?.list("InstanceProfiles", member: "member") ?? []
        let single = root.descendant("GetInstanceProfileResult", "InstanceProfile").map { [$0] } ?? []
        for profile in listed + single {
            _ = try? IAMClient.instanceProfile(profile, action: "ListInstanceProfiles")
        }
    }
}
