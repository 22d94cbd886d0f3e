/// The EC2 call (or human work) an action stands for.
public enum ActionType: String, Sendable, Hashable, Codable, CaseIterable {
    /// AssociateIamInstanceProfile.
    case associate
    /// Swap the attached profile; how depends on `PlannedAction.strategy`.
    case replace
    /// DisassociateIamInstanceProfile.
    case disassociate
    /// Work for people (the CIS relaunch runbook); rolesync never does it itself.
    case manual
    /// A new launch template version naming the desired profile, made the one its groups
    /// launch from (`PlannedAction.launchTemplate` says how). One change against `maxChanges`.
    case updateLaunchTemplate = "update-launch-template"

    /// Whether executing the action changes AWS (manual actions do not).
    public var isMutation: Bool { self != .manual }
}

/// Where an action stands: planned by the planner, then final after the executor ran.
public enum ActionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case planned
    /// Refused, with the reason (policy, protection, a problem in the desired state).
    case blocked
    case succeeded
    case failed
    /// Not run: the live association had changed since the plan was made.
    case skipped
}

/// How a `replace` action swaps the profile.
///
/// ReplaceIamInstanceProfileAssociation works on running instances only; on a stopped instance
/// it fails with `IncorrectState` (aws-cli#5251), so the executor disassociates and then
/// associates, as terraform-provider-aws does. It stays one action (one change against
/// `maxChanges`, one outcome) because the two calls serve one intent.
public enum ReplaceStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    case replace
    case disassociateAssociate = "disassociate-associate"
}

/// The association the plan saw. The executor re-reads the instance's association right before
/// acting and skips the action when it differs, so a stale plan never clobbers a newer change.
public struct ExpectedAssociation: Sendable, Hashable, Codable {
    public var associationId: String
    public var profileArn: String

    public init(associationId: String, profileArn: String) {
        self.associationId = associationId
        self.profileArn = profileArn
    }

    public init(_ association: ProfileAssociation) {
        self.init(associationId: association.associationId, profileArn: association.profileArn)
    }
}

/// One step of a plan, and after execution its outcome.
public struct PlannedAction: Sendable, Hashable, Codable, Comparable {
    public var type: ActionType
    public var instanceId: String
    public var account: String
    public var region: String
    /// The desired profile ARN (the name as written when it could not be resolved); nil to remove.
    public var profile: String?
    public var status: ActionStatus
    public var reason: String?
    /// For a blocked action: why, as a value (the `reason` text says it for people).
    public var blockedBy: BlockReason?
    /// For `replace`: one call, or disassociate then associate on a stopped instance.
    public var strategy: ReplaceStrategy?
    /// The association seen when planning; nil when the instance had none.
    public var expected: ExpectedAssociation?
    /// For `manual`: the runbook, one step per entry.
    public var steps: [String]?
    /// After execution: the AWS error code of a failure (e.g. `IncorrectState`).
    public var errorCode: String?
    /// After execution: the AWS error message of a failure.
    public var errorMessage: String?
    /// What the action is about when it is not an instance (a launch template); `instanceId`
    /// is then the subject's label, and JSON writes `null` for it.
    public var subject: DriftSubject?
    /// For `update-launch-template`: the version copied, what moves to the new one, and what
    /// the template and groups looked like when planned (checked again before the change).
    public var launchTemplate: LaunchTemplateFix?

    public init(
        type: ActionType, instanceId: String, account: String, region: String, profile: String? = nil,
        status: ActionStatus = .planned, reason: String? = nil, blockedBy: BlockReason? = nil, strategy: ReplaceStrategy? = nil,
        expected: ExpectedAssociation? = nil, steps: [String]? = nil, errorCode: String? = nil,
        errorMessage: String? = nil
    ) {
        self.type = type
        self.instanceId = instanceId
        self.account = account
        self.region = region
        self.profile = profile
        self.status = status
        self.reason = reason
        self.blockedBy = blockedBy
        self.strategy = strategy
        self.expected = expected
        self.steps = steps
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }

    public var target: Target { Target(account: account, region: region) }

    /// Plan order: account, region, instance, then type.
    public static func < (lhs: PlannedAction, rhs: PlannedAction) -> Bool {
        (lhs.account, lhs.region, lhs.instanceId, lhs.type.rawValue)
            < (rhs.account, rhs.region, rhs.instanceId, rhs.type.rawValue)
    }

    enum CodingKeys: String, CodingKey {
        case type, instanceId, account, region, profile, status, reason, blockedBy, strategy, expected, steps
        case errorCode, errorMessage, subject, launchTemplate
    }

    /// The documented fields are always present (null when absent); the others only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(subject == nil ? instanceId : nil, forKey: .instanceId)
        try container.encode(account, forKey: .account)
        try container.encode(region, forKey: .region)
        try container.encode(profile, forKey: .profile)
        try container.encode(status, forKey: .status)
        try container.encode(reason, forKey: .reason)
        try container.encodeIfPresent(blockedBy, forKey: .blockedBy)
        try container.encodeIfPresent(strategy, forKey: .strategy)
        try container.encodeIfPresent(expected, forKey: .expected)
        try container.encodeIfPresent(steps, forKey: .steps)
        try container.encodeIfPresent(errorCode, forKey: .errorCode)
        try container.encodeIfPresent(errorMessage, forKey: .errorMessage)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encodeIfPresent(launchTemplate, forKey: .launchTemplate)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let subject = try container.decodeIfPresent(DriftSubject.self, forKey: .subject)
        self.init(
            type: try container.decode(ActionType.self, forKey: .type),
            instanceId: try subject?.label ?? container.decode(String.self, forKey: .instanceId),
            account: try container.decode(String.self, forKey: .account),
            region: try container.decode(String.self, forKey: .region),
            profile: try container.decodeIfPresent(String.self, forKey: .profile),
            status: try container.decode(ActionStatus.self, forKey: .status),
            reason: try container.decodeIfPresent(String.self, forKey: .reason),
            blockedBy: try container.decodeIfPresent(BlockReason.self, forKey: .blockedBy),
            strategy: try container.decodeIfPresent(ReplaceStrategy.self, forKey: .strategy),
            expected: try container.decodeIfPresent(ExpectedAssociation.self, forKey: .expected),
            steps: try container.decodeIfPresent([String].self, forKey: .steps),
            errorCode: try container.decodeIfPresent(String.self, forKey: .errorCode),
            errorMessage: try container.decodeIfPresent(String.self, forKey: .errorMessage))
        self.subject = subject
        self.launchTemplate = try container.decodeIfPresent(LaunchTemplateFix.self, forKey: .launchTemplate)
    }
}
