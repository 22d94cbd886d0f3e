extension Planner {
    /// The reason every launch template action carries while the policy leaves
    /// `fixLaunchTemplates` off.
    public static let launchTemplateRemediationReason = "launch template remediation is not enabled"

    /// Template drift that calls for work, in the order the work is done: the profile, a
    /// conflict between the groups, then keys in the user-data.
    static let launchTemplateWork: [DriftKind] = [.templateMissingProfile, .templateWrongProfile, .conflict, .embeddedCredentials]

    /// The actions for launch template versions with drift, one group of items per version.
    ///
    /// Without `fixLaunchTemplates` each version gets one blocked manual action saying what
    /// would be needed: never a mutation, so it does not count toward `maxChanges`. With it, the
    /// profile is fixed at the source (`templateFixAction`), unless the groups launching from
    /// the version want different profiles: a conflict is blocked and the template never
    /// changed. Keys in the user-data are work for people either way.
    static func launchTemplateActions(drift: DriftReport, desired: DesiredState, inventory: LiveInventory) -> [PlannedAction] {
        let work = drift.items.filter { $0.subject?.type == .launchTemplate && launchTemplateWork.contains($0.kind) }
        let byVersion = Dictionary(grouping: work) { Differ.instanceKey($0.instanceId, $0.target) }
        guard desired.policy.fixLaunchTemplates else { return byVersion.values.map(disabledTemplateAction) }
        let context = TemplateFixContext(drift: drift, inventory: inventory)
        return byVersion.values.flatMap { items -> [PlannedAction] in
            var actions: [PlannedAction] = []
            if let conflict = items.first(where: { $0.kind == .conflict }) {
                actions.append(templateAction(
                    .manual, about: conflict, status: .blocked, blockedBy: .desiredState(.conflict),
                    reason: "conflict: \(conflict.reason ?? DriftKind.conflict.summary); the template is never changed while its groups want different profiles"))
            } else if let profile = items.first(where: { $0.kind == .templateMissingProfile || $0.kind == .templateWrongProfile }) {
                actions.append(context.fixAction(for: profile))
            }
            let keys = items.filter { $0.kind == .embeddedCredentials }
            if !keys.isEmpty { actions.append(templateKeysAction(keys)) }
            return actions
        }
    }

    /// What the version would need, as one blocked manual action (`fixLaunchTemplates` off).
    static func disabledTemplateAction(_ items: [DriftItem]) -> PlannedAction {
        let needs = items.sorted {
            (launchTemplateWork.firstIndex(of: $0.kind) ?? 0) < (launchTemplateWork.firstIndex(of: $1.kind) ?? 0)
        }.map { item in
            switch item.kind {
            case .templateMissingProfile, .templateWrongProfile:
                "a new version naming \(item.desired ?? "the desired profile") (\(item.kind.rawValue))"
            case .embeddedCredentials:
                "rotating the key \(item.actual ?? "") and a new version without it (embedded-credentials)"
            default:
                "settling which profile its groups want (conflict)"
            }
        }
        var action = templateAction(
            .manual, about: items[0], status: .blocked, blockedBy: .launchTemplateRemediationDisabled,
            reason: "\(launchTemplateRemediationReason): needs " + needs.joined(separator: "; ")
                + (items[0].subject?.usage.map { "; \($0)" } ?? ""))
        action.profile = items.first { $0.kind == .templateMissingProfile || $0.kind == .templateWrongProfile }?.desired
        return action
    }

    /// Keys in a version's user-data: people rotate them and make a version without them.
    /// Planned, like an instance's relaunch runbook: it changes nothing.
    static func templateKeysAction(_ keys: [DriftItem]) -> PlannedAction {
        let found = keys.map { "\($0.actual ?? "a key") (\($0.reason ?? "user-data"))" }
        let label = keys[0].subject?.label ?? keys[0].instanceId
        var action = templateAction(
            .manual, about: keys[0], status: .planned, reason: "AWS keys embedded in \(label): " + found.joined(separator: ", "))
        action.steps = [
            "Rotate each key found (deactivate it, then delete it once nothing uses it): " + found.joined(separator: ", ") + ".",
            "Make a new version of the template without the keys in its user-data (the code should use the instance role), and make it the one the groups launch from.",
            "Instances already launched from it hold the keys too: rebuild them per the CIS relaunch runbook.",
        ]
        return action
    }

    /// An action about the launch template version `item` is about.
    static func templateAction(
        _ type: ActionType, about item: DriftItem, status: ActionStatus, blockedBy: BlockReason? = nil, reason: String
    ) -> PlannedAction {
        var action = PlannedAction(
            type: type, instanceId: item.instanceId, account: item.account, region: item.region, status: status,
            reason: reason, blockedBy: blockedBy)
        action.subject = item.subject
        return action
    }
}
