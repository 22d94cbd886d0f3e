import Foundation

/// A change someone made to an instance's profile (or to what launches instances), as CloudTrail
/// saw it and EventBridge delivered it: who did it, when, from where, and which instances it
/// names. It is the cause a drift item carries when an event explains it.
public struct ChangeEvent: Sendable, Hashable, Codable {
    /// The API call: `ReplaceIamInstanceProfileAssociation`, `RunInstances`, …
    public var eventName: String
    /// When the call was made, as CloudTrail wrote it (ISO 8601, UTC).
    public var eventTime: String
    public var account: String
    public var region: String
    public var principal: ChangePrincipal
    public var sourceIPAddress: String?
    public var userAgent: String?
    /// The instances the call named, in its request or its answer.
    public var instanceIds: [String]
    /// The launch templates and Auto Scaling groups it named.
    public var launchTemplates: [String]
    public var autoScalingGroups: [String]

    public init(
        eventName: String, eventTime: String, account: String, region: String, principal: ChangePrincipal,
        sourceIPAddress: String? = nil, userAgent: String? = nil, instanceIds: [String] = [],
        launchTemplates: [String] = [], autoScalingGroups: [String] = []
    ) {
        self.eventName = eventName
        self.eventTime = eventTime
        self.account = account
        self.region = region
        self.principal = principal
        self.sourceIPAddress = sourceIPAddress
        self.userAgent = userAgent
        self.instanceIds = instanceIds
        self.launchTemplates = launchTemplates
        self.autoScalingGroups = autoScalingGroups
    }

    /// The CloudTrail management events that change what profile an instance has or will have.
    public static let watchedEvents: Set<String> = [
        "AssociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation", "DisassociateIamInstanceProfile",
        "RunInstances", "CreateLaunchTemplateVersion", "ModifyLaunchTemplate", "UpdateAutoScalingGroup",
    ]

    /// One line for reports: `ReplaceIamInstanceProfileAssociation by … at … from … (user agent)`.
    public var summary: String {
        guard let userAgent else { return brief }
        return brief + " (\(userAgent))"
    }

    /// The summary without the user agent, for a terminal's table cell.
    public var brief: String {
        var text = "\(eventName) by \(principal.description) at \(eventTime)"
        if let sourceIPAddress { text += " from \(sourceIPAddress)" }
        return text
    }
}

/// Who made a call (CloudTrail's `userIdentity`), reduced to what a reviewer needs.
public struct ChangePrincipal: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case iamUser = "iam-user"
        case assumedRole = "assumed-role"
        /// An AWS IAM Identity Center (SSO) session: an assumed `AWSReservedSSO_…` role.
        case sso
        case awsService = "aws-service"
        case root
        case other
    }

    public var kind: Kind
    /// The principal's ARN (for a service, its name: `autoscaling.amazonaws.com`).
    public var arn: String
    /// The role session name (for SSO, the signed-in user's name).
    public var sessionName: String?
    /// The role behind an assumed-role session (`sessionContext.sessionIssuer`).
    public var role: String?
    /// For SSO, the permission set the role was made for.
    public var permissionSet: String?

    public init(kind: Kind, arn: String, sessionName: String? = nil, role: String? = nil, permissionSet: String? = nil) {
        self.kind = kind
        self.arn = arn
        self.sessionName = sessionName
        self.role = role
        self.permissionSet = permissionSet
    }

    public var description: String {
        switch kind {
        case .sso: "\(sessionName ?? "?") (SSO, permission set \(permissionSet ?? "?"))"
        case .assumedRole: "\(sessionName ?? "?") (role \(role ?? arn))"
        case .awsService: "AWS service \(arn)"
        case .iamUser, .root, .other: arn
        }
    }
}
