import Foundation

/// The API version every rolesync manifest declares.
public let manifestAPIVersion = "rolesync.dev/v1"

/// Chooses instances: by id, by tags (all must match), or both (an instance matches when its
/// id is listed, or when every tag matches).
public struct InstanceSelector: Sendable, Hashable, Codable {
    public var instanceIds: [String]
    public var tags: [String: String]

    public init(instanceIds: [String] = [], tags: [String: String] = [:]) {
        self.instanceIds = instanceIds
        self.tags = tags
    }

    public var isEmpty: Bool { instanceIds.isEmpty && tags.isEmpty }
}

/// The profile an assignment asks for: a name, a full ARN, or explicitly none.
public enum ProfileReference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The instance must have no profile (`instanceProfile: none`).
    case none
    case name(String)
    case arn(String)

    /// Parses the manifest value; validation has already checked its form.
    public init(manifestValue value: String) {
        if value == "none" {
            self = .none
        } else if value.hasPrefix("arn:") {
            self = .arn(value)
        } else {
            self = .name(value)
        }
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .name(let name): name
        case .arn(let arn): arn
        }
    }

    /// The profile name, whichever form was written (`arn:…:instance-profile/path/name` → `name`).
    public var profileName: String? {
        switch self {
        case .none: nil
        case .name(let name): name
        case .arn(let arn): arn.split(separator: "/").last.map(String.init)
        }
    }
}

/// `kind: InstanceRoleAssignment`: these instances must carry this instance profile.
public struct InstanceRoleAssignment: Sendable, Hashable, Codable {
    public var name: String
    public var selector: InstanceSelector
    /// Nil means the policy's regions.
    public var regions: [String]?
    /// Nil means every account of the policy.
    public var accounts: [String]?
    public var instanceProfile: ProfileReference
    public var source: SourceLocation
    /// Where each spec field was written (empty for values built in code).
    public var fieldLocations = FieldLocations()

    public init(
        name: String, selector: InstanceSelector, regions: [String]? = nil, accounts: [String]? = nil,
        instanceProfile: ProfileReference, source: SourceLocation
    ) {
        self.name = name
        self.selector = selector
        self.regions = regions
        self.accounts = accounts
        self.instanceProfile = instanceProfile
        self.source = source
    }
}

/// `kind: Exemption`: matching instances are reported, never mutated, until `expires`.
public struct Exemption: Sendable, Hashable, Codable {
    public var name: String
    public var selector: InstanceSelector
    public var reason: String
    /// The calendar day (UTC) after which the exemption no longer applies, as `YYYY-MM-DD`.
    public var expires: String
    public var source: SourceLocation
    /// Where each spec field was written (empty for values built in code).
    public var fieldLocations = FieldLocations()

    public init(name: String, selector: InstanceSelector, reason: String, expires: String, source: SourceLocation) {
        self.name = name
        self.selector = selector
        self.reason = reason
        self.expires = expires
        self.source = source
    }

    /// True while `date` is on or before the `expires` day (UTC).
    public func isActive(at date: Date) -> Bool {
        guard let end = Exemption.endOfDay(expires) else { return false }
        return date < end
    }

    /// The first instant after the `expires` day, UTC.
    static func endOfDay(_ day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        return start.flatMap { calendar.date(byAdding: .day, value: 1, to: $0) }
    }
}

/// One account the policy reconciles, and the role assumed to reach it.
public struct AccountTarget: Sendable, Hashable, Codable {
    public var id: String
    public var roleArn: String?

    public init(id: String, roleArn: String? = nil) {
        self.id = id
        self.roleArn = roleArn
    }
}

/// `accounts: {organization: {ous: [ou-…], exclude: […]}, roleName: NAME}`: the active accounts
/// of the caller's AWS Organization, listed when targets are resolved rather than written down,
/// each reached by assuming `arn:<partition>:iam::<id>:role/<roleName>`.
public struct OrganizationTargets: Sendable, Hashable, Codable {
    /// Organizational units whose accounts, and those of all their child units, are reconciled;
    /// empty means every account of the organization.
    public var ous: [String]
    /// Accounts never reconciled, even when they are in the organization or the units.
    public var exclude: [String]
    /// The role assumed in each account (the caller's own account is read directly).
    public var roleName: String

    public init(ous: [String] = [], exclude: [String] = [], roleName: String) {
        self.ous = ous
        self.exclude = exclude
        self.roleName = roleName
    }
}

public enum ReconcileMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plan, apply and record.
    case enforce
    /// Plan and record, never mutate.
    case observe
}

public enum UnmanagedHandling: String, Sendable, Hashable, Codable, CaseIterable {
    case ignore
    case report
}

/// `kind: ReconcilePolicy`: at most one per repository; the defaults apply when there is none.
public struct ReconcilePolicy: Sendable, Hashable, Codable {
    public var name: String
    public var regions: [String]
    /// Empty means the caller's own account, unless `organization` is set.
    public var accounts: [AccountTarget]
    /// Set when the policy's accounts are those of the organization (`accounts` is then empty).
    public var organization: OrganizationTargets?
    /// `regions: enabled`: every region each account has enabled (`regions` is then empty).
    public var enabledRegions: Bool
    public var mode: ReconcileMode
    public var unmanaged: UnmanagedHandling
    public var maxChanges: Int
    /// Instances matching this selector are never mutated, only reported.
    public var protect: InstanceSelector?
    public var suspend: Bool
    public var scanUserData: Bool
    /// `fixLaunchTemplates: true`: launch template drift is fixed at its source (a new
    /// version naming the desired profile); otherwise it is reported and planned as blocked.
    public var fixLaunchTemplates: Bool
    /// Nil for the built-in default policy.
    public var source: SourceLocation?
    /// Where each spec field was written (empty for the default policy).
    public var fieldLocations = FieldLocations()

    public init(
        name: String = "default", regions: [String] = [], accounts: [AccountTarget] = [],
        mode: ReconcileMode = .enforce, unmanaged: UnmanagedHandling = .report, maxChanges: Int = 50,
        protect: InstanceSelector? = nil, suspend: Bool = false, scanUserData: Bool = false,
        organization: OrganizationTargets? = nil, enabledRegions: Bool = false, fixLaunchTemplates: Bool = false,
        source: SourceLocation? = nil
    ) {
        self.name = name
        self.regions = regions
        self.accounts = accounts
        self.mode = mode
        self.unmanaged = unmanaged
        self.maxChanges = maxChanges
        self.protect = protect
        self.suspend = suspend
        self.scanUserData = scanUserData
        self.organization = organization
        self.enabledRegions = enabledRegions
        self.fixLaunchTemplates = fixLaunchTemplates
        self.source = source
    }
}

/// Everything the repository asks for at one revision, already validated.
public struct DesiredState: Sendable, Hashable, Codable {
    /// The commit id the manifests were read at (or `worktree`).
    public var revision: String
    public var assignments: [InstanceRoleAssignment]
    public var exemptions: [Exemption]
    public var policy: ReconcilePolicy
    /// `ManifestDigest` of the files read; nil for a desired state not loaded from files.
    public var manifestDigest: String?

    public init(
        revision: String, assignments: [InstanceRoleAssignment], exemptions: [Exemption] = [],
        policy: ReconcilePolicy = ReconcilePolicy(), manifestDigest: String? = nil
    ) {
        self.revision = revision
        self.manifestDigest = manifestDigest
        self.assignments = assignments
        self.exemptions = exemptions
        self.policy = policy
    }
}
