import AWSClient
import RoleSyncCore

/// The check made right before a launch template fix: the template, the version copied and
/// the groups are still as the plan saw them. Pure, so it is tested with plain values; a
/// mismatch skips the action, as a changed association skips an instance's.
enum TemplateFixCheck {
    /// Every group the fix relies on, sorted.
    static func groupNames(of fix: LaunchTemplateFix) -> [String] {
        Set(fix.followingDefault + fix.followingLatest + fix.pinned.map(\.name)).sorted()
    }

    /// Why the live template or groups differ from what the plan saw, or nil when they match.
    static func mismatch(
        _ fix: LaunchTemplateFix, template: LaunchTemplate?, source: LaunchTemplateVersion?, groups: [AutoScalingGroup]
    ) -> String? {
        let changed = "launch template \(fix.templateId) changed since the plan"
        guard let template else { return "\(changed): it no longer exists" }
        guard let source else { return "\(changed): version \(fix.sourceVersion) no longer exists" }
        let profile = LaunchTemplateMapping.profile(of: source)?.description
        if profile != fix.sourceProfile {
            return "\(changed): version \(fix.sourceVersion) names \(profile ?? "no profile"), the plan saw \(fix.sourceProfile ?? "none")"
        }
        if fix.movesDefault, template.defaultVersionNumber != fix.defaultVersion {
            return "\(changed): $Default is version \(template.defaultVersionNumber), the plan saw \(fix.defaultVersion.map(String.init) ?? "none")"
        }
        if !fix.followingLatest.isEmpty, template.latestVersionNumber != fix.latestVersion {
            return "\(changed): $Latest is version \(template.latestVersionNumber), the plan saw \(fix.latestVersion.map(String.init) ?? "none")"
        }
        var expected: [(group: String, place: LaunchTemplateChoice.Place?, version: String)] = []
        expected += fix.followingDefault.map { ($0, nil, LaunchTemplateChoice.defaultAlias) }
        expected += fix.followingLatest.map { ($0, nil, LaunchTemplateChoice.latestAlias) }
        expected += fix.pinned.map { ($0.name, $0.place, String(fix.sourceVersion)) }
        for (name, place, version) in expected {
            guard let group = groups.first(where: { $0.name == name }) else {
                return "Auto Scaling group \(name) changed since the plan: it no longer exists"
            }
            let names = LaunchTemplateMapping.placedSpecifications(of: group).contains { specification, at in
                (specification.launchTemplateId == template.id || specification.launchTemplateName == template.name)
                    && specification.version == version && (place == nil || place == at)
            }
            if !names {
                return "Auto Scaling group \(name) changed since the plan: it no longer launches from \(template.id) \(version)"
            }
        }
        return nil
    }
}
