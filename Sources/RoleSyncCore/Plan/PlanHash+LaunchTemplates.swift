/// The launch template facts of the plan hash: a saved plan that would make a new template
/// version or move a group no longer holds once any of them changed.
enum LaunchTemplateFacts {
    static func add(groups: [LiveAutoScalingGroup], versions: [LiveLaunchTemplateVersion], to hasher: inout CanonicalHasher) {
        let groups = groups.map(groupFacts).sorted { $0.lexicographicallyPrecedes($1) }
        hasher.field("auto scaling groups \(groups.count)")
        for facts in groups { facts.forEach { hasher.field($0) } }
        let versions = versions.map(versionFacts).sorted { $0.lexicographicallyPrecedes($1) }
        hasher.field("launch template versions \(versions.count)")
        for facts in versions { facts.forEach { hasher.field($0) } }
    }

    private static func groupFacts(_ group: LiveAutoScalingGroup) -> [String] {
        var facts = [group.target.account, group.target.region, group.name]
        let tags = group.launchTags.sorted { $0.key < $1.key }
        facts.append("tags \(tags.count)")
        for (key, value) in tags { facts += [key, value] }
        let choices = group.templateChoices.map { "\($0.templateId) \($0.place.rawValue) \($0.requested) \($0.version)" }.sorted()
        facts.append("choices \(choices.count)")
        facts += choices
        facts.append("launch configuration \(group.launchConfigurationName ?? "-")")
        facts.append("unresolved \(group.unresolvedTemplates.count)")
        return facts + group.unresolvedTemplates.sorted()
    }

    private static func versionFacts(_ version: LiveLaunchTemplateVersion) -> [String] {
        [
            version.target.account, version.target.region, version.templateId, String(version.version), version.templateName,
            "profile \(version.profile?.description ?? "-")", "default \(version.defaultVersion.map(String.init) ?? "-")",
            "latest \(version.latestVersion.map(String.init) ?? "-")",
        ]
    }
}
