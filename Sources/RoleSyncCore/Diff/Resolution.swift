/// What the differ concluded for one managed (running or stopped) instance: the expectation it
/// resolved and what is attached, so the planner can act without matching selectors again.
public struct Resolution: Sendable, Hashable, Codable, Comparable {
    public var instanceId: String
    public var target: Target
    public var state: InstanceState
    /// The role drift of the instance; nil when it is in sync. Never `embedded-credentials`,
    /// `user-data-uninspected` or `exemption-expired`: those are extra items, not the
    /// instance's role status.
    public var kind: DriftKind?
    /// The desired profile as the manifest wrote it (`none` included); nil when unmanaged or conflicting.
    public var desiredProfile: ProfileReference?
    /// The desired profile's ARN, resolved in the instance's account; nil when `none` or unresolved.
    public var desiredProfileArn: String?
    /// The association the inventory reported (the truth for what is attached).
    public var actual: ProfileAssociation?
    /// Set when the policy's `protect` selector matches: how it matched, e.g. `tag rolesync.dev/protect=true`.
    public var protectedBy: String?
    /// The assignment (or exemption) that decided the expectation.
    public var source: SourceLocation?
    /// Why, for people (the drift item's reason).
    public var reason: String?

    public init(
        instanceId: String, target: Target, state: InstanceState, kind: DriftKind? = nil,
        desiredProfile: ProfileReference? = nil, desiredProfileArn: String? = nil,
        actual: ProfileAssociation? = nil, protectedBy: String? = nil, source: SourceLocation? = nil,
        reason: String? = nil
    ) {
        self.instanceId = instanceId
        self.target = target
        self.state = state
        self.kind = kind
        self.desiredProfile = desiredProfile
        self.desiredProfileArn = desiredProfileArn
        self.actual = actual
        self.protectedBy = protectedBy
        self.source = source
        self.reason = reason
    }

    /// True when the instance carries exactly what is desired.
    public var isInSync: Bool { kind == nil }

    public static func < (lhs: Resolution, rhs: Resolution) -> Bool {
        (lhs.target.account, lhs.target.region, lhs.instanceId) < (rhs.target.account, rhs.target.region, rhs.instanceId)
    }
}

/// Counts over the managed instances of one diff.
public struct DriftSummary: Sendable, Hashable, Codable {
    /// Running and stopped instances (skipped states are not counted).
    public var instances: Int
    /// Managed instances whose profile is what an assignment asks for, with no drift item.
    public var inSync: Int
    /// Instances with at least one drift item of a drift kind (`DriftKind.isDrift`).
    public var drifted: Int

    public init(instances: Int, inSync: Int, drifted: Int) {
        self.instances = instances
        self.inSync = inSync
        self.drifted = drifted
    }
}

/// The differ's result: drift items for people and machines, resolutions for the planner.
public struct DriftReport: Sendable, Hashable, Codable {
    public var desiredRevision: String
    public var summary: DriftSummary
    /// Sorted by account, region, instance, kind.
    public var items: [DriftItem]
    /// One per running or stopped instance, sorted by account, region, instance.
    public var resolutions: [Resolution]
    /// Targets that could not be read: their drift is unknown, not absent.
    public var failedTargets: [FailedTarget]

    public init(
        desiredRevision: String, summary: DriftSummary, items: [DriftItem], resolutions: [Resolution],
        failedTargets: [FailedTarget] = []
    ) {
        self.desiredRevision = desiredRevision
        self.summary = summary
        self.items = items
        self.resolutions = resolutions
        self.failedTargets = failedTargets
    }
}
