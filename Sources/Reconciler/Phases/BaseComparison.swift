import Foundation
import RoleSyncCore

extension Reconciliation {
    /// `plan --base`: the plan of the pull request's head, less what the base revision would
    /// plan anyway against the same live state, so reviewers see the change the pull request
    /// makes. A base with no (valid) desired state yet, as on a repository's first pull
    /// request, plans nothing: everything the head plans is the pull request's change.
    public func changes(of head: Observation, comparedWith base: String) async throws -> Plan {
        let baseDesired: DesiredState
        do {
            baseDesired = try await ports.desiredState.desiredState(at: base)
        } catch is DesiredStateError {
            return head.plan
        }
        let basePlan = plan(diff(baseDesired, head.inventory), baseDesired, head.inventory)
        return BaseDifference.subtract(basePlan, from: head.plan)
    }
}

/// The head plan's actions and drift that the base plan does not have, with counts to match.
enum BaseDifference {
    static func subtract(_ base: Plan, from head: Plan) -> Plan {
        let baseActions = Set(base.actions.map(key))
        let baseItems = Set(base.drift.map(key))
        var plan = head
        plan.actions = head.actions.filter { !baseActions.contains(key($0)) }
        plan.drift = head.drift.filter { !baseItems.contains(key($0)) }
        plan.summary.actions = plan.actions.filter { $0.status == .planned }.count
        plan.summary.blocked = plan.actions.filter { $0.status == .blocked }.count
        return plan
    }

    private static func key(_ action: PlannedAction) -> String {
        [action.account, action.region, action.instanceId, action.type.rawValue, action.profile ?? "", action.status.rawValue]
            .joined(separator: "|")
    }

    private static func key(_ item: DriftItem) -> String {
        [item.account, item.region, item.instanceId, item.kind.rawValue, item.desired ?? "", item.actual ?? ""]
            .joined(separator: "|")
    }
}
