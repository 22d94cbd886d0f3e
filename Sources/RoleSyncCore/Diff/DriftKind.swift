/// What is wrong (or notable) about one instance (or launch template or group), as the `kind` field of a drift item.
///
/// The raw values are part of the JSON output and the SARIF rule ids: never rename them.
public enum DriftKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// No profile attached, one desired.
    case missing
    /// Another profile attached than the desired one.
    case wrong
    /// A profile attached while `none` is desired.
    case unexpected
    /// No assignment selects the instance.
    case unmanaged
    /// Two assignments of the same rank want different profiles.
    case conflict
    /// The desired profile does not exist in the instance's account.
    case profileNotFound = "profile-not-found"
    /// The desired profile holds no role, so attaching it would grant nothing.
    case profileWithoutRole = "profile-without-role"
    /// The launch template version Auto Scaling groups launch from names no instance profile,
    /// while the assignments want one for the instances they launch.
    case templateMissingProfile = "template-missing-profile"
    /// The launch template version Auto Scaling groups launch from names another instance
    /// profile than the assignments want for the instances they launch.
    case templateWrongProfile = "template-wrong-profile"
    /// AWS keys were found embedded in the instance's (or a launch template version's) user-data.
    case embeddedCredentials = "embedded-credentials"
    /// The instance's user-data could not be decoded and scanned in full (over a budget,
    /// corrupt, not text): it may hold keys, so it is never counted as clean.
    case userDataUninspected = "user-data-uninspected"
    /// An association is being made or removed; not drift yet.
    case pending
    /// An active exemption covers the instance.
    case exempt
    /// An exemption covering the instance has expired.
    case exemptionExpired = "exemption-expired"
    /// An Auto Scaling group launches from a legacy launch configuration, whose profile
    /// rolesync does not check: reported so it can be moved to a launch template.
    case launchConfiguration = "launch-configuration"

    /// Kinds that mean the instance is out of line with the desired state (and count as drifted).
    public var isDrift: Bool {
        switch self {
        case .missing, .wrong, .unexpected, .conflict, .profileNotFound, .profileWithoutRole, .templateMissingProfile,
             .templateWrongProfile, .embeddedCredentials, .userDataUninspected:
            true
        case .unmanaged, .pending, .exempt, .exemptionExpired, .launchConfiguration:
            false
        }
    }

    /// Kinds a change someone made to the live state produces (and a change event can
    /// explain): a profile attached, swapped or removed, a template's profile changed.
    public var isLiveChange: Bool {
        switch self {
        case .missing, .wrong, .unexpected, .templateMissingProfile, .templateWrongProfile: true
        default: false
        }
    }

    /// One line for people: what the kind means.
    public var summary: String {
        switch self {
        case .missing: "no instance profile attached, one desired"
        case .wrong: "another instance profile attached than the desired one"
        case .unexpected: "an instance profile attached while none is desired"
        case .unmanaged: "no assignment selects the instance"
        case .conflict: "assignments of the same rank want different profiles"
        case .profileNotFound: "the desired instance profile does not exist"
        case .profileWithoutRole: "the desired instance profile holds no role"
        case .templateMissingProfile: "the launch template groups launch from names no instance profile, one desired"
        case .templateWrongProfile: "the launch template groups launch from names another instance profile than the desired one"
        case .embeddedCredentials: "AWS keys embedded in user-data"
        case .userDataUninspected: "user-data could not be inspected for AWS keys"
        case .pending: "an association change is under way"
        case .exempt: "covered by an active exemption"
        case .exemptionExpired: "an exemption covering the instance has expired"
        case .launchConfiguration: "an Auto Scaling group launches from a legacy launch configuration (not checked)"
        }
    }

    /// Orders by raw value, so sorted output does not depend on declaration order.
    public static func < (lhs: DriftKind, rhs: DriftKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
