import Foundation

/// Maps EC2 response elements to the model. One pass over each instance's children with a
/// `switch`, so a 10,000-instance answer decodes in linear time.
public enum EC2Decoding {
    public static func instances(in response: XMLElementNode) -> [EC2Instance] {
        var result: [EC2Instance] = []
        for reservation in response.list("reservationSet") {
            for item in reservation.list("instancesSet") {
                if let instance = instance(item) { result.append(instance) }
            }
        }
        return result
    }

    static func instance(_ item: XMLElementNode) -> EC2Instance? {
        var instance = EC2Instance(instanceId: "", state: "")
        for field in item.children {
            let text = field.text.isEmpty ? nil : field.text
            switch field.name {
            case "instanceId": instance.instanceId = field.text
            case "instanceState": instance.state = field.string("name") ?? ""
            case "tagSet": instance.tags = tags(field)
            case "vpcId": instance.vpcId = text
            case "subnetId": instance.subnetId = text
            case "privateIpAddress": instance.privateIpAddress = text
            case "ipAddress": instance.publicIpAddress = text
            case "launchTime": instance.launchTime = text.flatMap(AWSDateFormat.parseISO8601)
            case "iamInstanceProfile": instance.iamInstanceProfile = profile(field)
            case "imageId": instance.imageId = text
            case "instanceType": instance.instanceType = text
            default: continue
            }
        }
        return instance.instanceId.isEmpty ? nil : instance
    }

    static func tags(_ tagSet: XMLElementNode) -> [String: String] {
        var tags: [String: String] = [:]
        for item in tagSet.children where item.name == "item" {
            if let key = item.child("key")?.text { tags[key] = item.child("value")?.text ?? "" }
        }
        return tags
    }

    static func profile(_ node: XMLElementNode) -> IamInstanceProfileRef? {
        guard let arn = node.string("arn") else { return nil }
        return IamInstanceProfileRef(arn: arn, id: node.string("id"))
    }

    static func association(_ node: XMLElementNode, action: String) throws -> IamInstanceProfileAssociation {
        IamInstanceProfileAssociation(
            associationId: try node.requiredString("associationId", in: action),
            instanceId: node.string("instanceId") ?? "",
            iamInstanceProfile: node.child("iamInstanceProfile").flatMap(profile),
            state: node.string("state") ?? "",
            timestamp: node.string("timestamp").flatMap(AWSDateFormat.parseISO8601))
    }

    /// EC2 writes `<nextToken/>` or leaves it out on the last page.
    static func nextToken(_ response: XMLElementNode) -> String? {
        response.string("nextToken")
    }
}
