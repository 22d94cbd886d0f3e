/// Turns drift into actions, following the remediation table of the design:
///
/// | drift | running | stopped |
/// | --- | --- | --- |
/// | missing | associate | associate |
/// | wrong | replace (strategy `replace`) | replace (strategy `disassociate-associate`) |
/// | unexpected | disassociate | disassociate |
/// | profile-not-found, profile-without-role, conflict | blocked | blocked |
/// | embedded-credentials | manual (CIS relaunch runbook) | manual |
/// | user-data-uninspected | none (reported; there is nothing to change) | none |
/// | template-missing-profile, template-wrong-profile, and a template's conflict or keys, without `fixLaunchTemplates` | blocked manual action: launch template remediation is not enabled | |
/// | template-missing-profile, template-wrong-profile, with `fixLaunchTemplates` | update-launch-template (a mutation) | |
/// | a template's conflict, with `fixLaunchTemplates` | blocked: never changed | |
/// | a template's keys, with `fixLaunchTemplates` | manual: rotate, a version without them | |
///
/// Then policy blocks mutations, most specific reason first: protected instance, observe
/// mode, suspended, and finally `maxChanges` (which blocks *all* remaining mutations, never
/// a subset: half a change set is worse than none). Exempt, pending and unmanaged instances get
/// no action. Manual actions are never blocked: they change nothing.
public enum Planner {
    public static func plan(
        drift: DriftReport, desired: DesiredState, inventory: LiveInventory, options: PlanOptions = PlanOptions()
    ) -> Plan {
        var actions = drift.resolutions.compactMap { roleAction(for: $0) }
        actions += launchTemplateActions(drift: drift, desired: desired, inventory: inventory)
        var protections: [String: String] = [:]
        for resolution in drift.resolutions {
            if let protectedBy = resolution.protectedBy {
                protections[Differ.instanceKey(resolution.instanceId, resolution.target)] = protectedBy
            }
        }
        applyPolicy(desired.policy, options: options, protections: protections, to: &actions)
        actions += manualActions(drift: drift, inventory: inventory)
        return assemble(
            desired: desired, planHash: PlanHash.compute(desired: desired.manifestDigest ?? desired.revision, inventory: inventory),
            summary: drift.summary, drift: drift.items, actions: actions, failedTargets: drift.failedTargets)
    }

    /// The plan of `actions` (sorted here) for `drift`, with its counts.
    static func assemble(
        desired: DesiredState, planHash: String, summary: DriftSummary, drift: [DriftItem], actions: [PlannedAction],
        failedTargets: [FailedTarget]
    ) -> Plan {
        let actions = actions.sorted()
        var plan = Plan(
            desiredRevision: desired.revision,
            planHash: planHash,
            summary: PlanSummary(
                instances: summary.instances, inSync: summary.inSync, drifted: summary.drifted,
                actions: actions.filter { $0.status == .planned }.count, blocked: actions.filter { $0.status == .blocked }.count),
            drift: drift,
            actions: actions,
            failedTargets: failedTargets
        )
        plan.desiredDigest = desired.manifestDigest
        return plan
    }

    /// The action a resolution calls for, blocked already when the desired state itself is the problem.
    static func roleAction(for resolution: Resolution) -> PlannedAction? {
        guard let kind = resolution.kind else { return nil }
        let expected = resolution.actual.map(ExpectedAssociation.init)
        var action = PlannedAction(
            type: .associate, instanceId: resolution.instanceId, account: resolution.target.account,
            region: resolution.target.region, profile: resolution.desiredProfileArn, expected: expected)
        switch kind {
        case .missing:
            action.type = .associate
        case .wrong:
            action.type = .replace
            action.strategy = resolution.state == .running ? .replace : .disassociateAssociate
        case .unexpected:
            action.type = .disassociate
            action.profile = nil
        case .profileNotFound, .profileWithoutRole, .conflict:
            // A roleless profile that is attached already needs IAM work, not an EC2 call.
            if kind == .profileWithoutRole, let actual = resolution.actual, actual.profileArn == resolution.desiredProfileArn {
                return nil
            }
            action.type = resolution.actual == nil ? .associate : .replace
            if action.type == .replace {
                action.strategy = resolution.state == .running ? .replace : .disassociateAssociate
            }
            if kind == .profileNotFound { action.profile = resolution.desiredProfile?.description }
            block(&action, .desiredState(kind), "\(kind.rawValue): \(resolution.reason ?? kind.summary)")
        case .unmanaged, .pending, .exempt, .embeddedCredentials, .exemptionExpired, .userDataUninspected,
             .templateMissingProfile, .templateWrongProfile, .launchConfiguration:
            return nil
        }
        return action
    }

    /// Blocks mutations the policy forbids, in order of how specific the reason is.
    /// `protections` maps `Differ.instanceKey` to how the protect selector matched.
    static func applyPolicy(
        _ policy: ReconcilePolicy, options: PlanOptions, protections: [String: String],
        to actions: inout [PlannedAction]
    ) {
        for index in actions.indices where actions[index].status == .planned && actions[index].type.isMutation {
            let key = Differ.instanceKey(actions[index].instanceId, actions[index].target)
            if let protectedBy = protections[key] {
                block(&actions[index], .protected, "protected by policy (\(protectedBy))")
            } else if policy.mode == .observe {
                block(&actions[index], .observeMode, "observe mode")
            } else if policy.suspend {
                block(&actions[index], .suspended, "suspended")
            }
        }
        limitChanges(&actions, to: options.maxChanges ?? policy.maxChanges)
    }

    /// Blocks every planned mutation when there are more than `limit`: half a change set is
    /// worse than none. Manual actions are not mutations and stay as they are.
    static func limitChanges(_ actions: inout [PlannedAction], to limit: Int) {
        let mutations = actions.indices.filter { actions[$0].status == .planned && actions[$0].type.isMutation }
        if mutations.count > limit {
            for index in mutations {
                block(
                    &actions[index], .overMaxChanges(changes: mutations.count, limit: limit),
                    "plan has \(mutations.count) changes, over maxChanges \(limit); raise with --max-changes")
            }
        }
    }

    private static func block(_ action: inout PlannedAction, _ why: BlockReason, _ reason: String) {
        action.status = .blocked
        action.blockedBy = why
        action.reason = reason
    }
}
