import Foundation

/// One account and region: the unit EC2 state and rate limits live in.
public struct Target: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var account: String
    public var region: String

    public init(account: String, region: String) {
        self.account = account
        self.region = region
    }

    public var description: String { "\(account)/\(region)" }

    public static func < (lhs: Target, rhs: Target) -> Bool {
        (lhs.account, lhs.region) < (rhs.account, rhs.region)
    }
}

/// EC2 instance lifecycle states; only `running` and `stopped` are managed.
public enum InstanceState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case running
    case shuttingDown = "shutting-down"
    case terminated
    case stopping
    case stopped

    public var isManaged: Bool { self == .running || self == .stopped }
}

/// States of an IAM instance profile association, as DescribeIamInstanceProfileAssociations reports.
public enum AssociationState: String, Sendable, Hashable, Codable, CaseIterable {
    case associating
    case associated
    case disassociating
    case disassociated

    /// Associating or disassociating: a change is under way, so it is not drift yet.
    public var isInFlight: Bool { self == .associating || self == .disassociating }
}

/// The association listing's record: the truth for which profile an instance has.
public struct ProfileAssociation: Sendable, Hashable, Codable {
    public var associationId: String
    public var instanceId: String
    public var profileArn: String
    public var state: AssociationState

    public init(associationId: String, instanceId: String, profileArn: String, state: AssociationState) {
        self.associationId = associationId
        self.instanceId = instanceId
        self.profileArn = profileArn
        self.state = state
    }

    /// The profile name from its ARN (`arn:aws:iam::1:instance-profile/path/name` → `name`).
    public var profileName: String {
        profileArn.split(separator: "/").last.map(String.init) ?? profileArn
    }
}

/// One EC2 instance as the API reports it, with its active association.
public struct LiveInstance: Sendable, Hashable, Codable {
    public var instanceId: String
    public var target: Target
    public var state: InstanceState
    public var tags: [String: String]
    public var vpcId: String?
    public var subnetId: String?
    public var privateIpAddress: String?
    public var publicIpAddress: String?
    public var launchTime: Date?
    /// The active (not `disassociated`) association, if any.
    public var association: ProfileAssociation?

    public init(
        instanceId: String, target: Target, state: InstanceState, tags: [String: String] = [:],
        vpcId: String? = nil, subnetId: String? = nil, privateIpAddress: String? = nil,
        publicIpAddress: String? = nil, launchTime: Date? = nil, association: ProfileAssociation? = nil
    ) {
        self.instanceId = instanceId
        self.target = target
        self.state = state
        self.tags = tags
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.privateIpAddress = privateIpAddress
        self.publicIpAddress = publicIpAddress
        self.launchTime = launchTime
        self.association = association
    }
}

/// An IAM instance profile and the roles it holds (zero or one in practice).
public struct LiveInstanceProfile: Sendable, Hashable, Codable {
    public var name: String
    public var arn: String
    public var account: String
    /// Role ARNs.
    public var roles: [String]

    public init(name: String, arn: String, account: String, roles: [String]) {
        self.name = name
        self.arn = arn
        self.account = account
        self.roles = roles
    }
}

/// AWS keys found embedded in an instance (user-data), already redacted.
public struct CredentialFinding: Sendable, Hashable, Codable {
    public var instanceId: String
    public var target: Target
    /// Where in the instance the key was found, e.g. `user-data:12`.
    public var location: String
    /// The redacted key id: first four and last four characters only.
    public var redactedKeyId: String
    /// What kind of secret: `access-key-id`, `secret-access-key`.
    public var kind: String

    public init(instanceId: String, target: Target, location: String, redactedKeyId: String, kind: String) {
        self.instanceId = instanceId
        self.target = target
        self.location = location
        self.redactedKeyId = redactedKeyId
        self.kind = kind
    }
}

/// A target whose inventory could not be read: none of its instances is planned or touched,
/// and the run says so instead of failing every other target with it.
public struct FailedTarget: Sendable, Hashable, Codable, Comparable {
    public var target: Target
    /// Why the read failed, as the AWS client reported it (error code and message).
    public var reason: String

    public init(target: Target, reason: String) {
        self.target = target
        self.reason = reason
    }

    public static func < (lhs: FailedTarget, rhs: FailedTarget) -> Bool {
        (lhs.target, lhs.reason) < (rhs.target, rhs.reason)
    }

    /// The error line a command prints when some targets were not read, or nil when none failed:
    /// `1 target not read, nothing planned or changed there: 1/us-west-2 (Unavailable: …)`.
    public static func errorMessage(_ failed: [FailedTarget]) -> String? {
        guard !failed.isEmpty else { return nil }
        let noun = failed.count == 1 ? "target" : "targets"
        let list = failed.map { "\($0.target) (\($0.reason))" }.joined(separator: "; ")
        return "\(failed.count) \(noun) not read, nothing planned or changed there: \(list)"
    }
}

/// Everything read from AWS for one reconcile: a snapshot of every target.
public struct LiveInventory: Sendable, Hashable, Codable {
    public var targets: [Target]
    public var instances: [LiveInstance]
    /// Instance profiles by account id.
    public var profiles: [String: [LiveInstanceProfile]]
    public var findings: [CredentialFinding]
    /// Instances whose user-data was scanned but could not be read in full.
    public var uninspected: [UninspectedUserData]
    /// Targets that could not be read; `targets` still lists them. Their instances are absent,
    /// so nothing is planned there, which is the only safe reading of "unknown".
    public var failedTargets: [FailedTarget]
    /// The Auto Scaling groups of every target read.
    public var autoScalingGroups: [LiveAutoScalingGroup]
    /// The launch template versions those groups launch from.
    public var launchTemplateVersions: [LiveLaunchTemplateVersion]

    public init(
        targets: [Target], instances: [LiveInstance], profiles: [String: [LiveInstanceProfile]] = [:],
        findings: [CredentialFinding] = [], uninspected: [UninspectedUserData] = [], failedTargets: [FailedTarget] = [],
        autoScalingGroups: [LiveAutoScalingGroup] = [], launchTemplateVersions: [LiveLaunchTemplateVersion] = []
    ) {
        self.targets = targets
        self.instances = instances
        self.profiles = profiles
        self.findings = findings
        self.uninspected = uninspected
        self.failedTargets = failedTargets.sorted()
        self.autoScalingGroups = autoScalingGroups
        self.launchTemplateVersions = launchTemplateVersions
    }
}
