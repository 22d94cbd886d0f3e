/// Which launch template a group (or one of its overrides) launches from, as Auto Scaling
/// reports it: by id or by name, and a version that is a number, `$Default` or `$Latest`.
public struct LaunchTemplateSpecification: Sendable, Hashable {
    public var launchTemplateId: String?
    public var launchTemplateName: String?
    /// A version number, `$Default` or `$Latest`; Auto Scaling uses `$Default` when none is given.
    public var version: String

    public init(launchTemplateId: String? = nil, launchTemplateName: String? = nil, version: String? = nil) {
        self.launchTemplateId = launchTemplateId
        self.launchTemplateName = launchTemplateName
        self.version = version.flatMap { $0.isEmpty ? nil : $0 } ?? "$Default"
    }
}

/// A tag of an Auto Scaling group; only tags with `PropagateAtLaunch` reach the instances it launches.
public struct AutoScalingTag: Sendable, Hashable {
    public var key: String
    public var value: String
    public var propagateAtLaunch: Bool

    public init(key: String, value: String, propagateAtLaunch: Bool) {
        self.key = key
        self.value = value
        self.propagateAtLaunch = propagateAtLaunch
    }
}

/// The fields of an Auto Scaling group rolesync needs: what it launches from and its tags.
public struct AutoScalingGroup: Sendable, Hashable {
    public var name: String
    public var arn: String?
    /// The group's own `LaunchTemplate`.
    public var launchTemplate: LaunchTemplateSpecification?
    /// `MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification`.
    public var mixedInstancesTemplate: LaunchTemplateSpecification?
    /// Launch templates named by `MixedInstancesPolicy.LaunchTemplate.Overrides`, in order.
    public var overrideTemplates: [LaunchTemplateSpecification]
    /// A legacy launch configuration, when the group uses one.
    public var launchConfigurationName: String?
    public var tags: [AutoScalingTag]

    public init(
        name: String, arn: String? = nil, launchTemplate: LaunchTemplateSpecification? = nil,
        mixedInstancesTemplate: LaunchTemplateSpecification? = nil, overrideTemplates: [LaunchTemplateSpecification] = [],
        launchConfigurationName: String? = nil, tags: [AutoScalingTag] = []
    ) {
        self.name = name
        self.arn = arn
        self.launchTemplate = launchTemplate
        self.mixedInstancesTemplate = mixedInstancesTemplate
        self.overrideTemplates = overrideTemplates
        self.launchConfigurationName = launchConfigurationName
        self.tags = tags
    }

    /// Every template the group may launch from: its own, the mixed policy's, then the overrides'.
    public var templateSpecifications: [LaunchTemplateSpecification] {
        [launchTemplate, mixedInstancesTemplate].compactMap { $0 } + overrideTemplates
    }
}

/// A launch template as DescribeLaunchTemplates reports it: which numbers `$Default` and
/// `$Latest` stand for.
public struct LaunchTemplate: Sendable, Hashable {
    public var id: String
    public var name: String
    public var defaultVersionNumber: Int
    public var latestVersionNumber: Int

    public init(id: String, name: String, defaultVersionNumber: Int, latestVersionNumber: Int) {
        self.id = id
        self.name = name
        self.defaultVersionNumber = defaultVersionNumber
        self.latestVersionNumber = latestVersionNumber
    }
}

/// One version of a launch template, with the fields rolesync checks.
public struct LaunchTemplateVersion: Sendable, Hashable {
    public var templateId: String
    public var templateName: String
    public var versionNumber: Int
    public var isDefault: Bool
    /// `IamInstanceProfile.Arn`, when the version names its profile by ARN.
    public var profileArn: String?
    /// `IamInstanceProfile.Name`, when the version names its profile by name.
    public var profileName: String?
    /// The base64 user-data, as stored (possibly gzip-compressed).
    public var userData: String?

    public init(
        templateId: String, templateName: String, versionNumber: Int, isDefault: Bool = false, profileArn: String? = nil,
        profileName: String? = nil, userData: String? = nil
    ) {
        self.templateId = templateId
        self.templateName = templateName
        self.versionNumber = versionNumber
        self.isDefault = isDefault
        self.profileArn = profileArn
        self.profileName = profileName
        self.userData = userData
    }
}
