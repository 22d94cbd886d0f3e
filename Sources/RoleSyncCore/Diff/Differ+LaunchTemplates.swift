import Foundation

extension Differ {
    /// Drift of the launch templates Auto Scaling groups launch from.
    ///
    /// A group's desired profile is the one the assignments would give the instances it
    /// launches: the selectors are matched against its tags that propagate at launch and
    /// `aws:autoscaling:groupName`, through the same index, scope, exemptions, precedence and
    /// conflict rules as instances. Each template version is then compared with what the groups
    /// launching from it want; groups that want different profiles of one version conflict.
    static func launchTemplateItems(desired: DesiredState, inventory: LiveInventory, context: Context) -> [DriftItem] {
        let groups = inventory.autoScalingGroups.sorted { ($0.target, $0.name) < ($1.target, $1.name) }
        guard !groups.isEmpty else { return [] }
        // Each group stands for the instances it would launch; no instance id ever names one.
        let index = InstanceIndex(instances: groups.map {
            LiveInstance(instanceId: "", target: $0.target, state: .running, tags: $0.launchTags)
        })
        let matches = index.assignmentMatches(desired.assignments, scope: AssignmentScope(policy: desired.policy))
        let exemptions = index.exemptionMatches(desired.exemptions)
        var items: [DriftItem] = []
        var wants: [TemplateKey: [GroupWant]] = [:]
        var users: [TemplateKey: [String]] = [:]
        for (position, group) in groups.enumerated() {
            if let configuration = group.launchConfigurationName {
                items.append(DriftItem(
                    subject: .autoScalingGroup(group.name), target: group.target, kind: .launchConfiguration,
                    reason: "launches from launch configuration \(configuration), whose instance profile is not checked: move the group to a launch template"))
            }
            for unresolved in group.unresolvedTemplates {
                items.append(DriftItem(
                    subject: .autoScalingGroup(group.name), target: group.target, kind: .userDataUninspected,
                    reason: "could not inspect what the group launches from: \(unresolved)"))
            }
            for use in group.templates { users[TemplateKey(group.target, use), default: []].append(group.name) }
            if (exemptions[position] ?? []).contains(where: { $0.isActive(at: context.now) }) { continue }
            let decision = context.decide(matches[position] ?? [], account: group.target.account)
            for use in group.templates {
                wants[TemplateKey(group.target, use), default: []].append(GroupWant(group: group.name, decision: decision))
            }
        }
        var versions: [TemplateKey: LiveLaunchTemplateVersion] = [:]
        for version in inventory.launchTemplateVersions { versions[TemplateKey(version.target, version.use)] = version }
        for key in users.keys.sorted() {
            guard let version = versions[key] else {
                // Asked for but not answered: unread is not clean.
                let subject = DriftSubject.launchTemplate(id: key.templateId, name: "", version: key.version, groups: users[key] ?? [])
                items.append(DriftItem(
                    subject: subject, target: key.target, kind: .userDataUninspected,
                    reason: "could not inspect: launch template \(key.templateId) version \(key.version) was not returned"))
                continue
            }
            let subject = DriftSubject.launchTemplate(
                id: version.templateId, name: version.templateName, version: version.version, groups: users[key] ?? [])
            items += context.templateProfileItems(version, subject: subject, wants: wants[key] ?? [])
            items += userDataItems(version, subject: subject)
        }
        return items
    }

    /// Keys found in the version's user-data, and user-data that could not be read in full,
    /// as for instances.
    static func userDataItems(_ version: LiveLaunchTemplateVersion, subject: DriftSubject) -> [DriftItem] {
        var items = version.secrets.map { secret in
            DriftItem(
                subject: subject, target: version.target, kind: .embeddedCredentials, actual: secret.redacted,
                reason: "\(secret.kind.rawValue) at launch template \(secret.location)")
        }
        if let reason = version.uninspectedReason {
            items.append(DriftItem(
                subject: subject, target: version.target, kind: .userDataUninspected,
                reason: "could not inspect: \(reason)"))
        }
        return items
    }

    /// One launch template version in one target.
    struct TemplateKey: Hashable, Comparable {
        var target: Target
        var templateId: String
        var version: Int

        init(_ target: Target, _ use: LaunchTemplateUse) {
            self.target = target
            templateId = use.templateId
            version = use.version
        }

        static func < (lhs: TemplateKey, rhs: TemplateKey) -> Bool {
            (lhs.target, lhs.templateId, lhs.version) < (rhs.target, rhs.templateId, rhs.version)
        }
    }

    /// What the assignments decide for one group launching from a template version.
    struct GroupWant {
        var group: String
        var decision: AssignmentDecision
    }
}

extension Differ.Context {
    /// Compares the profile a template version names with what the groups launching from it want.
    func templateProfileItems(
        _ version: LiveLaunchTemplateVersion, subject: DriftSubject, wants: [Differ.GroupWant]
    ) -> [DriftItem] {
        let account = version.target.account
        let actual = version.profile?.description
        func item(_ kind: DriftKind, desired: String?, source: SourceLocation?, reason: String) -> DriftItem {
            DriftItem(subject: subject, target: version.target, kind: kind, desired: desired, actual: actual, source: source,
                      reason: ([subject.usage].compactMap { $0 } + [reason]).joined(separator: ": "))
        }
        var items: [DriftItem] = []
        var assigned: [(group: String, assignment: InstanceRoleAssignment)] = []
        for want in wants {
            switch want.decision {
            case .unmanaged: continue
            case .conflict(let conflict):
                items.append(item(.conflict, desired: conflict.desired, source: conflict.source,
                                  reason: "for the instances group \(want.group) launches, \(conflict.reason)"))
            case .assigned(let assignment): assigned.append((want.group, assignment))
            }
        }
        var seen = Set<String>()
        let distinct = assigned.filter { seen.insert(catalog.identity(of: $0.assignment.instanceProfile, inAccount: account)).inserted }
        if distinct.count > 1 {
            let who = distinct.map { "group \($0.group) wants \($0.assignment.instanceProfile) (assignment \($0.assignment.name), \($0.assignment.source))" }
            return items + [item(
                .conflict, desired: distinct.map { $0.assignment.instanceProfile.description }.joined(separator: ", "),
                source: distinct[0].assignment.source, reason: "groups launching from it want different profiles: " + who.joined(separator: ", "))]
        }
        guard let assignment = distinct.first?.assignment else { return items }
        let wanted = assignment.instanceProfile
        let live = catalog.profile(wanted, inAccount: account)
        let desired = live?.arn ?? wanted.description
        let why = "assignment \(assignment.name) wants \(wanted)"
            + (live == nil && wanted != .none ? " (instance profile \(wanted) not found in account \(account))" : "")
        switch (version.profile, wanted) {
        case (nil, .none):
            break
        case (nil, _):
            items.append(item(.templateMissingProfile, desired: desired, source: assignment.source, reason: why))
        case (let named?, _) where !names(named, theProfile: wanted, inAccount: account):
            items.append(item(.templateWrongProfile, desired: desired, source: assignment.source, reason: why))
        default:
            break
        }
        return items
    }

    /// Whether a template's `IamInstanceProfile` (by ARN or by name) is the desired profile:
    /// by ARN when both resolve in the account, else by name (names are unique per account).
    func names(_ named: ProfileReference, theProfile wanted: ProfileReference, inAccount account: String) -> Bool {
        if case .none = wanted { return false }
        if let left = catalog.profile(named, inAccount: account), let right = catalog.profile(wanted, inAccount: account) {
            return left.arn == right.arn
        }
        return named.profileName == wanted.profileName
    }
}
