import AWSClient
import RoleSyncCore

/// Turns Auto Scaling groups and launch template versions into the core's live-state values.
enum LaunchTemplateMapping {
    /// The template versions a group's specifications stand for, with `$Default` and `$Latest`
    /// resolved through the region's templates. A specification naming a template the region
    /// does not have (deleted while the group still names it) launches nothing and is left out.
    static func uses(of group: AutoScalingGroup, templates: [LaunchTemplate]) -> [LaunchTemplateUse] {
        var uses: [LaunchTemplateUse] = []
        for specification in group.templateSpecifications {
            let template = templates.first {
                $0.id == specification.launchTemplateId
                    || (specification.launchTemplateId == nil && $0.name == specification.launchTemplateName)
            }
            guard let template else { continue }
            let number: Int? = switch specification.version {
            case "$Default": template.defaultVersionNumber
            case "$Latest": template.latestVersionNumber
            case let pinned: Int(pinned)
            }
            guard let number else { continue }
            let use = LaunchTemplateUse(templateId: template.id, version: number)
            if !uses.contains(use) { uses.append(use) }
        }
        return uses
    }

    static func group(_ group: AutoScalingGroup, target: Target, uses: [LaunchTemplateUse]) -> LiveAutoScalingGroup {
        var tags: [String: String] = [:]
        for tag in group.tags where tag.propagateAtLaunch { tags[tag.key] = tag.value }
        tags[LiveAutoScalingGroup.groupNameTag] = group.name
        return LiveAutoScalingGroup(
            name: group.name, target: target, launchTags: tags, templates: uses,
            launchConfigurationName: group.launchConfigurationName)
    }

    static func version(_ version: LaunchTemplateVersion, target: Target) -> LiveLaunchTemplateVersion {
        let profile: ProfileReference? = version.profileArn.map { .arn($0) } ?? version.profileName.map { .name($0) }
        return LiveLaunchTemplateVersion(
            templateId: version.templateId, templateName: version.templateName, version: version.versionNumber,
            target: target, profile: profile)
    }
}
