import AWSClient
import RoleSyncCore

extension AWSRemediationExecutor {
    /// Fixes a launch template version at its source: reads the template, the version and the
    /// groups again and skips the action when they are not as planned (`TemplateFixCheck`);
    /// then makes the new version, moves `$Default` to it when groups follow `$Default`, and
    /// pins each group that pinned the old one. Never an instance refresh: running instances
    /// keep their own actions.
    ///
    /// A failure after the version was made is a partial application, recorded with what was
    /// done; the next run makes no second version (the client token gives back this one).
    func runTemplateFix(_ action: PlannedAction) async -> PlannedAction {
        guard let fix = action.launchTemplate, let profile = action.profile else {
            return Self.failed(action, code: "NoTemplateFix", message: "the action carries no launch template fix")
        }
        guard let ec2 = clients[action.target], let autoScaling = autoScaling[action.target] else {
            return Self.failed(action, code: "NoClient", message: "no EC2 or Auto Scaling client for \(action.target)")
        }
        do {
            let template = try await ec2.describeLaunchTemplate(id: fix.templateId)
            let source = template == nil ? nil : try await ec2.describeLaunchTemplateVersions(
                templateId: fix.templateId, versions: [String(fix.sourceVersion)]
            ).first { $0.versionNumber == fix.sourceVersion }
            let names = TemplateFixCheck.groupNames(of: fix)
            let groups = names.isEmpty ? [] : try await autoScaling.describeAutoScalingGroups(names: names)
            if let mismatch = TemplateFixCheck.mismatch(fix, template: template, source: source, groups: groups) {
                var skipped = action
                skipped.status = .skipped
                skipped.reason = mismatch
                return skipped
            }
        } catch {
            return Self.failed(action, error: error)
        }
        guard await MutationGate.allows(action.target) else { return LeasedExecutor.skipped(action, shard: ShardKey.of(action.target)) }
        let made: Int
        do {
            made = try await journalled(action, call: "create-launch-template-version", on: nil, profile: profile) {
                try await ec2.createLaunchTemplateVersion(
                    templateId: fix.templateId, sourceVersion: fix.sourceVersion, profile: profile,
                    description: fix.versionDescription(profile: profile), clientToken: fix.clientToken(profile: profile))
            }
        } catch {
            return Self.failed(action, error: error)
        }
        var done = ["made version \(made) of \(fix.templateId) from version \(fix.sourceVersion)"]
        var outcome = action
        outcome.launchTemplate?.createdVersion = made
        do {
            if fix.movesDefault {
                try await journalled(action, call: "modify-launch-template", on: nil, profile: profile) {
                    try await ec2.setDefaultLaunchTemplateVersion(templateId: fix.templateId, version: made)
                }
                done.append("$Default is version \(made)")
            }
            for group in fix.pinned {
                try await journalled(action, call: "update-auto-scaling-group", on: nil, profile: profile) {
                    try await autoScaling.setLaunchTemplateVersion(
                        groupName: group.name, templateId: fix.templateId, version: made,
                        inMixedInstancesPolicy: group.place == .mixedInstancesPolicy)
                }
                done.append("group \(group.name) launches from version \(made)")
            }
        } catch {
            let (code, message) = ApplyDecisions.codeAndMessage(of: error)
            return Self.failed(outcome, code: "PartiallyApplied", message: done.joined(separator: "; ") + "; then \(code): \(message)")
        }
        outcome.status = .succeeded
        outcome.reason = done.joined(separator: "; ")
        return outcome
    }
}
