import AWSClient
import RoleSyncCore

/// Turns Auto Scaling groups and launch template versions into the core's live-state values.
enum LaunchTemplateMapping {
    /// The template versions a group's specifications stand for, with `$Default` and `$Latest`
    /// resolved through the region's templates, and what could not be resolved: a template the
    /// region does not have (deleted while the group still names it) or a version past its latest.
    /// Each resolved one is also a choice: where the group names it and the version as asked.
    static func uses(of group: AutoScalingGroup, templates: [LaunchTemplate])
        -> (uses: [LaunchTemplateUse], unresolved: [String], choices: [LaunchTemplateChoice])
    {
        var uses: [LaunchTemplateUse] = []
        var unresolved: [String] = []
        var choices: [LaunchTemplateChoice] = []
        for (specification, place) in placedSpecifications(of: group) {
            let named = specification.launchTemplateId ?? specification.launchTemplateName ?? "(unnamed)"
            let template = templates.first {
                $0.id == specification.launchTemplateId
                    || (specification.launchTemplateId == nil && $0.name == specification.launchTemplateName)
            }
            guard let template else {
                unresolved.append("launch template \(named) does not exist")
                continue
            }
            let number: Int? = switch specification.version {
            case "$Default": template.defaultVersionNumber
            case "$Latest": template.latestVersionNumber
            case let pinned: Int(pinned).flatMap { (1...template.latestVersionNumber).contains($0) ? $0 : nil }
            }
            guard let number else {
                unresolved.append("launch template \(template.id) has no version \(specification.version)")
                continue
            }
            let use = LaunchTemplateUse(templateId: template.id, version: number)
            if !uses.contains(use) { uses.append(use) }
            choices.append(LaunchTemplateChoice(
                templateId: template.id, place: place, requested: specification.version, version: number))
        }
        return (uses, unresolved, choices)
    }

    /// The group's template specifications in `templateSpecifications` order, each with where it sits.
    static func placedSpecifications(of group: AutoScalingGroup) -> [(LaunchTemplateSpecification, LaunchTemplateChoice.Place)] {
        let own: [(LaunchTemplateSpecification, LaunchTemplateChoice.Place)] = [
            group.launchTemplate.map { ($0, .launchTemplate) }, group.mixedInstancesTemplate.map { ($0, .mixedInstancesPolicy) },
        ].compactMap { $0 }
        return own + group.overrideTemplates.map { ($0, .override) }
    }

    static func group(
        _ group: AutoScalingGroup, target: Target, uses: [LaunchTemplateUse], unresolved: [String],
        choices: [LaunchTemplateChoice] = []
    ) -> LiveAutoScalingGroup {
        var tags: [String: String] = [:]
        for tag in group.tags where tag.propagateAtLaunch { tags[tag.key] = tag.value }
        tags[LiveAutoScalingGroup.groupNameTag] = group.name
        return LiveAutoScalingGroup(
            name: group.name, target: target, launchTags: tags, templates: uses,
            launchConfigurationName: group.launchConfigurationName, unresolvedTemplates: unresolved, templateChoices: choices)
    }

    /// `template` (when known) gives the numbers `$Default` and `$Latest` stood for.
    static func version(_ version: LaunchTemplateVersion, target: Target, template: LaunchTemplate? = nil)
        -> LiveLaunchTemplateVersion
    {
        LiveLaunchTemplateVersion(
            templateId: version.templateId, templateName: version.templateName, version: version.versionNumber,
            target: target, profile: profile(of: version), defaultVersion: template?.defaultVersionNumber,
            latestVersion: template?.latestVersionNumber)
    }

    /// The `IamInstanceProfile` a version names, by ARN or by name.
    static func profile(of version: LaunchTemplateVersion) -> ProfileReference? {
        version.profileArn.map { .arn($0) } ?? version.profileName.map { .name($0) }
    }
}
