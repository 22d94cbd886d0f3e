import Foundation

/// A DescribeInstances filter: `Filter.N.Name` with its `Filter.N.Value.M` values.
public struct EC2Filter: Sendable, Hashable {
    public var name: String
    public var values: [String]

    public init(_ name: String, _ values: [String]) {
        self.name = name
        self.values = values
    }
}

/// An instance profile as EC2 reports it on an instance or an association. On an instance
/// the emulator puts the association id in `id` (AWS-NOTES), so match profiles by ARN.
public struct IamInstanceProfileRef: Sendable, Hashable {
    public var arn: String
    public var id: String?

    public init(arn: String, id: String? = nil) {
        self.arn = arn
        self.id = id
    }
}

/// The fields of an EC2 instance rolesync needs.
public struct EC2Instance: Sendable, Hashable {
    public var instanceId: String
    /// `pending`, `running`, `shutting-down`, `terminated`, `stopping`, `stopped`.
    public var state: String
    public var tags: [String: String]
    public var vpcId: String?
    public var subnetId: String?
    public var privateIpAddress: String?
    /// EC2's `ipAddress`.
    public var publicIpAddress: String?
    public var launchTime: Date?
    public var iamInstanceProfile: IamInstanceProfileRef?
    public var imageId: String?
    public var instanceType: String?

    public init(
        instanceId: String, state: String, tags: [String: String] = [:], vpcId: String? = nil,
        subnetId: String? = nil, privateIpAddress: String? = nil, publicIpAddress: String? = nil,
        launchTime: Date? = nil, iamInstanceProfile: IamInstanceProfileRef? = nil, imageId: String? = nil,
        instanceType: String? = nil
    ) {
        self.instanceId = instanceId
        self.state = state
        self.tags = tags
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.privateIpAddress = privateIpAddress
        self.publicIpAddress = publicIpAddress
        self.launchTime = launchTime
        self.iamInstanceProfile = iamInstanceProfile
        self.imageId = imageId
        self.instanceType = instanceType
    }
}

/// A link between an instance and an instance profile: the truth for which profile an
/// instance has (DESIGN: AWS).
public struct IamInstanceProfileAssociation: Sendable, Hashable {
    public var associationId: String
    public var instanceId: String
    public var iamInstanceProfile: IamInstanceProfileRef?
    /// `associating`, `associated`, `disassociating`, `disassociated`.
    public var state: String
    public var timestamp: Date?

    public init(
        associationId: String, instanceId: String, iamInstanceProfile: IamInstanceProfileRef?, state: String,
        timestamp: Date? = nil
    ) {
        self.associationId = associationId
        self.instanceId = instanceId
        self.iamInstanceProfile = iamInstanceProfile
        self.state = state
        self.timestamp = timestamp
    }
}

/// How a profile is named in Associate/Replace: an ARN goes as `IamInstanceProfile.Arn`,
/// anything else as `IamInstanceProfile.Name`.
public enum InstanceProfileSpecifier: Sendable, Hashable {
    case name(String)
    case arn(String)

    public init(nameOrArn: String) {
        self = nameOrArn.hasPrefix("arn:") ? .arn(nameOrArn) : .name(nameOrArn)
    }

    var parameter: QueryRequest.Parameter {
        switch self {
        case .name(let name): .init("IamInstanceProfile.Name", name)
        case .arn(let arn): .init("IamInstanceProfile.Arn", arn)
        }
    }
}
