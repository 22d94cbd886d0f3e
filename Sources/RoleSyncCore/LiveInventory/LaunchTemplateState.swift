/// An Auto Scaling group as the differ needs it: the tags its instances are launched with and
/// the launch template versions it launches from.
public struct LiveAutoScalingGroup: Sendable, Hashable, Codable {
    public var name: String
    public var target: Target
    /// The group's tags with `PropagateAtLaunch`, plus `aws:autoscaling:groupName`, which Auto
    /// Scaling adds to every instance it launches: the tags the assignments see on them.
    public var launchTags: [String: String]
    /// The template versions it launches from (its own, the mixed instances policy's, the
    /// overrides'), each once.
    public var templates: [LaunchTemplateUse]
    /// The legacy launch configuration it uses, if any (reported, not checked).
    public var launchConfigurationName: String?
    /// Templates it names that could not be resolved, each said for people (`launch template
    /// lt-… does not exist`): what it launches from cannot be inspected.
    public var unresolvedTemplates: [String]
    /// Where it names each template and which version it asked for: what fixing the template
    /// at its source has to move (`$Default`, or the group itself when it pins a version).
    public var templateChoices: [LaunchTemplateChoice]

    public init(
        name: String, target: Target, launchTags: [String: String] = [:], templates: [LaunchTemplateUse] = [],
        launchConfigurationName: String? = nil, unresolvedTemplates: [String] = [], templateChoices: [LaunchTemplateChoice] = []
    ) {
        self.name = name
        self.target = target
        self.launchTags = launchTags
        self.templates = templates
        self.launchConfigurationName = launchConfigurationName
        self.unresolvedTemplates = unresolvedTemplates
        self.templateChoices = templateChoices
    }

    /// The tag key Auto Scaling gives launched instances, with the group's name as the value.
    public static let groupNameTag = "aws:autoscaling:groupName"
}

/// One launch template version a group launches from, with the version the group asked for
/// (`$Default`, `$Latest` or the number) resolved to a number.
public struct LaunchTemplateUse: Sendable, Hashable, Codable {
    public var templateId: String
    public var version: Int

    public init(templateId: String, version: Int) {
        self.templateId = templateId
        self.version = version
    }
}

/// A launch template version as read: the profile it names, and what scanning its user-data found.
public struct LiveLaunchTemplateVersion: Sendable, Hashable, Codable {
    public var templateId: String
    public var templateName: String
    public var version: Int
    public var target: Target
    /// The `IamInstanceProfile` it names: by ARN or by name, or nil when it names none.
    public var profile: ProfileReference?
    /// AWS keys found in its user-data, redacted (only when the policy sets `scanUserData`).
    public var secrets: [SecretMatch]
    /// Why its user-data could not be inspected in full; nil when it could (or was not scanned).
    public var uninspectedReason: String?
    /// The numbers the template's `$Default` and `$Latest` stood for when it was read: a fix
    /// checks them again right before it changes anything.
    public var defaultVersion: Int?
    public var latestVersion: Int?

    public init(
        templateId: String, templateName: String, version: Int, target: Target, profile: ProfileReference? = nil,
        secrets: [SecretMatch] = [], uninspectedReason: String? = nil, defaultVersion: Int? = nil, latestVersion: Int? = nil
    ) {
        self.templateId = templateId
        self.templateName = templateName
        self.version = version
        self.target = target
        self.profile = profile
        self.secrets = secrets
        self.uninspectedReason = uninspectedReason
        self.defaultVersion = defaultVersion
        self.latestVersion = latestVersion
    }

    public var use: LaunchTemplateUse { LaunchTemplateUse(templateId: templateId, version: version) }
}

/// One place a group names a launch template, with the version as the group asked for it.
///
/// A new template version reaches a group in one of three ways: a group following `$Latest`
/// gets it by its creation, one following `$Default` when `ModifyLaunchTemplate` moves the
/// default, and one pinning a number only when `UpdateAutoScalingGroup` pins the new one.
public struct LaunchTemplateChoice: Sendable, Hashable, Codable {
    /// Where in the group the template is named.
    public enum Place: String, Sendable, Hashable, Codable, CaseIterable {
        /// The group's own `LaunchTemplate`.
        case launchTemplate = "launch-template"
        /// `MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification`.
        case mixedInstancesPolicy = "mixed-instances-policy"
        /// A `MixedInstancesPolicy.LaunchTemplate.Overrides` entry's own template.
        case override
    }

    public var templateId: String
    public var place: Place
    /// `$Default`, `$Latest` or a version number, as the group asked.
    public var requested: String
    /// The number it stood for when read.
    public var version: Int

    public init(templateId: String, place: Place, requested: String, version: Int) {
        self.templateId = templateId
        self.place = place
        self.requested = requested
        self.version = version
    }

    public static let defaultAlias = "$Default"
    public static let latestAlias = "$Latest"

    /// Whether the group names a number rather than `$Default` or `$Latest`.
    public var isPinned: Bool { requested != Self.defaultAlias && requested != Self.latestAlias }
}
