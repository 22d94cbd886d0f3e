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

    public init(
        name: String, target: Target, launchTags: [String: String] = [:], templates: [LaunchTemplateUse] = [],
        launchConfigurationName: String? = nil, unresolvedTemplates: [String] = []
    ) {
        self.name = name
        self.target = target
        self.launchTags = launchTags
        self.templates = templates
        self.launchConfigurationName = launchConfigurationName
        self.unresolvedTemplates = unresolvedTemplates
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

    public init(
        templateId: String, templateName: String, version: Int, target: Target, profile: ProfileReference? = nil,
        secrets: [SecretMatch] = [], uninspectedReason: String? = nil
    ) {
        self.templateId = templateId
        self.templateName = templateName
        self.version = version
        self.target = target
        self.profile = profile
        self.secrets = secrets
        self.uninspectedReason = uninspectedReason
    }

    public var use: LaunchTemplateUse { LaunchTemplateUse(templateId: templateId, version: version) }
}
