/// What the planner reads to fix a launch template version at its source: the version as read,
/// the groups of its target, the profiles of its account, and the instances still drifted.
struct TemplateFixContext {
    var versions: [String: LiveLaunchTemplateVersion] = [:]
    var groups: [Target: [LiveAutoScalingGroup]] = [:]
    var profiles: [String: [LiveInstanceProfile]]
    /// Running instances with role drift, by the group that launched them.
    var stillWrong: [Target: [String: [String]]] = [:]

    init(drift: DriftReport, inventory: LiveInventory) {
        profiles = inventory.profiles
        for version in inventory.launchTemplateVersions { versions[Self.key(version.target, version.templateId, version.version)] = version }
        for group in inventory.autoScalingGroups { groups[group.target, default: []].append(group) }
        let roleDrift: Set<DriftKind> = [.missing, .wrong, .unexpected]
        var drifted = Set<String>()
        for resolution in drift.resolutions where resolution.state == .running && resolution.kind.map(roleDrift.contains) == true {
            drifted.insert(Differ.instanceKey(resolution.instanceId, resolution.target))
        }
        for instance in inventory.instances where drifted.contains(Differ.instanceKey(instance.instanceId, instance.target)) {
            guard let group = instance.tags[LiveAutoScalingGroup.groupNameTag] else { continue }
            stillWrong[instance.target, default: [:]][group, default: []].append(instance.instanceId)
        }
    }

    static func key(_ target: Target, _ templateId: String, _ version: Int) -> String { "\(target)/\(templateId)/\(version)" }

    /// The `update-launch-template` action for a `template-missing-profile` or
    /// `template-wrong-profile` item: planned when the desired profile exists with a role and
    /// the new version can reach exactly the groups that want it; blocked, with why, otherwise.
    func fixAction(for item: DriftItem) -> PlannedAction {
        var action = Planner.templateAction(
            .updateLaunchTemplate, about: item, status: .planned,
            reason: "\(item.kind.rawValue): \(item.reason ?? item.kind.summary)")
        func blocked(_ why: BlockReason, _ reason: String) -> PlannedAction {
            action.status = .blocked
            action.blockedBy = why
            action.reason = "\(reason): \(action.reason ?? "")"
            return action
        }
        guard let subject = item.subject, let number = subject.version,
            let version = versions[Self.key(item.target, subject.id, number)]
        else { return blocked(.launchTemplateUnfixable, "the template version was not read") }
        let wanted = item.desired ?? ProfileReference.none.description
        guard wanted != ProfileReference.none.description else {
            return blocked(.launchTemplateUnfixable, "a version without IamInstanceProfile cannot be copied from this one; make it by hand")
        }
        let profile = (profiles[item.account] ?? []).first { $0.arn == wanted || $0.name == wanted }
        action.profile = profile?.arn ?? wanted
        guard let profile else { return blocked(.desiredState(.profileNotFound), "instance profile \(wanted) not found in account \(item.account)") }
        guard !profile.roles.isEmpty else {
            return blocked(.desiredState(.profileWithoutRole), "instance profile \(profile.name) holds no role")
        }
        let (fix, refusal) = plannedFix(version, groups: subject.groups)
        action.launchTemplate = fix
        action.steps = steps(fix, profile: profile.arn, target: item.target, groups: subject.groups)
        if let refusal { return blocked(.launchTemplateUnfixable, refusal) }
        return action
    }

    /// How the new version reaches the groups launching from `version`, or why it cannot reach
    /// exactly them: a version pinned in an override (Auto Scaling takes overrides only as a
    /// whole list), or groups following `$Latest` of another version, which a new version
    /// would change under them.
    func plannedFix(_ version: LiveLaunchTemplateVersion, groups names: [String]) -> (LaunchTemplateFix, String?) {
        var followingDefault = Set<String>(), followingLatest = Set<String>(), latestElsewhere = Set<String>()
        var pinned = Set<LaunchTemplateFix.PinnedGroup>()
        var refusals: [String] = []
        for group in groups[version.target] ?? [] {
            for choice in group.templateChoices where choice.templateId == version.templateId {
                guard choice.version == version.version else {
                    if choice.requested == LaunchTemplateChoice.latestAlias { latestElsewhere.insert(group.name) }
                    continue
                }
                guard names.contains(group.name) else { continue }
                switch (choice.requested, choice.place) {
                case (LaunchTemplateChoice.defaultAlias, _): followingDefault.insert(group.name)
                case (LaunchTemplateChoice.latestAlias, _): followingLatest.insert(group.name)
                case (_, .override):
                    refusals.append("group \(group.name) pins version \(choice.requested) in a mixed instances override; change the override by hand")
                case (_, let place): pinned.insert(LaunchTemplateFix.PinnedGroup(name: group.name, place: place))
                }
            }
        }
        if !latestElsewhere.isEmpty {
            let latest = version.latestVersion.map(String.init) ?? "?"
            refusals.append("a new version becomes $Latest, which groups \(latestElsewhere.sorted().joined(separator: ", ")) launch from (now version \(latest))")
        }
        let fix = LaunchTemplateFix(
            templateId: version.templateId, sourceVersion: version.version, sourceProfile: version.profile?.description,
            defaultVersion: version.defaultVersion, latestVersion: version.latestVersion, followingDefault: Array(followingDefault),
            followingLatest: Array(followingLatest), pinned: Array(pinned))
        return (fix, refusals.isEmpty ? nil : refusals.joined(separator: "; "))
    }

    /// The calls, for people, then the running instances still wrong and the instance refresh
    /// command for whoever wants them replaced rather than fixed one by one. rolesync never
    /// starts a refresh: it replaces instances, which is not its call to make.
    func steps(_ fix: LaunchTemplateFix, profile: String, target: Target, groups: [String]) -> [String] {
        var steps = ["CreateLaunchTemplateVersion \(fix.templateId): a copy of version \(fix.sourceVersion) with IamInstanceProfile \(profile)."]
        if fix.movesDefault {
            steps.append("ModifyLaunchTemplate \(fix.templateId): the new version becomes $Default, which groups \(fix.followingDefault.joined(separator: ", ")) follow.")
        }
        if !fix.followingLatest.isEmpty {
            steps.append("Groups \(fix.followingLatest.joined(separator: ", ")) follow $Latest: they launch from the new version once it is made.")
        }
        for pinned in fix.pinned {
            steps.append("UpdateAutoScalingGroup \(pinned.name): launch from the new version (\(pinned.place.rawValue)).")
        }
        let wrong = groups.flatMap { group in (stillWrong[target]?[group] ?? []).sorted().map { "\($0) (\(group))" } }
        if wrong.isEmpty {
            steps.append("No running instance these groups launched has another profile than the desired one.")
        } else {
            steps.append("Running instances still with another profile, fixed instance by instance by their own actions: \(wrong.joined(separator: ", ")).")
            for group in groups where !(stillWrong[target]?[group] ?? []).isEmpty {
                steps.append("To replace them instead (rolesync never does): aws autoscaling start-instance-refresh --auto-scaling-group-name \(group) --region \(target.region)")
            }
        }
        return steps
    }
}
