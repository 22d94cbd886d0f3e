/// Why the planner refused an action, as a value callers can switch on. The action's `reason`
/// text is for people; code decides on this.
public enum BlockReason: Sendable, Hashable, Codable {
    /// The desired state itself is the problem (a missing or roleless profile, a conflict).
    case desiredState(DriftKind)
    /// The policy's `protect` selector matches the instance.
    case protected
    /// The policy's `mode: observe`.
    case observeMode
    /// The policy's `suspend: true`.
    case suspended
    /// The plan has more mutations than `maxChanges` allows; the whole change set is refused.
    case overMaxChanges(changes: Int, limit: Int)
    /// Drift of a launch template while the policy leaves `fixLaunchTemplates` off.
    case launchTemplateRemediationDisabled
    /// A launch template fix a new version cannot carry out safely (a pinned override, groups
    /// following `$Latest` of another version, a profile to remove): the reason says which.
    case launchTemplateUnfixable

    /// Whether this refusal must fail the run: a refused change set is something a pipeline
    /// has to notice, while observe mode and protection are the policy working as meant.
    public var failsRun: Bool {
        if case .overMaxChanges = self { return true }
        return false
    }
}

/// The blast-radius guard: a plan over `maxChanges` is refused as a whole.
public enum BlastRadius {
    /// The refusal message when `actions` were refused for being too many, else nil.
    public static func refusal(in actions: [PlannedAction]) -> String? {
        for action in actions where action.status == .blocked {
            if case .overMaxChanges = action.blockedBy, let reason = action.reason {
                return "\(reason): nothing was changed"
            }
        }
        return nil
    }
}

extension BlockReason {
    enum CodingKeys: String, CodingKey { case kind, drift, changes, limit }

    /// The value's name in JSON: `{"kind": "over-max-changes", "changes": 60, "limit": 50}`.
    public var kind: String {
        switch self {
        case .desiredState: "desired-state"
        case .protected: "protected"
        case .observeMode: "observe-mode"
        case .suspended: "suspended"
        case .overMaxChanges: "over-max-changes"
        case .launchTemplateRemediationDisabled: "launch-template-remediation-disabled"
        case .launchTemplateUnfixable: "launch-template-unfixable"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "desired-state": self = .desiredState(try container.decode(DriftKind.self, forKey: .drift))
        case "protected": self = .protected
        case "observe-mode": self = .observeMode
        case "suspended": self = .suspended
        case "launch-template-remediation-disabled": self = .launchTemplateRemediationDisabled
        case "launch-template-unfixable": self = .launchTemplateUnfixable
        case "over-max-changes":
            self = .overMaxChanges(
                changes: try container.decode(Int.self, forKey: .changes), limit: try container.decode(Int.self, forKey: .limit))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown block reason \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .desiredState(let drift): try container.encode(drift, forKey: .drift)
        case .overMaxChanges(let changes, let limit):
            try container.encode(changes, forKey: .changes)
            try container.encode(limit, forKey: .limit)
        case .protected, .observeMode, .suspended, .launchTemplateRemediationDisabled, .launchTemplateUnfixable: break
        }
    }
}
