import Foundation
import RoleSyncCore

extension Reconciliation {
    /// `plan --base`: what the pull request's head changes compared with the commit its branch
    /// was cut from (the merge base of `base` and the head), so edits that landed on the base
    /// meanwhile are not shown as the pull request's. Both desired states are diffed against
    /// the head's live inventory; the plan keeps the instances whose expectation moves and
    /// carries the review (manifest changes, moved instances, risks).
    ///
    /// A base with no (valid) desired state, as on a repository's first pull request, counts as
    /// empty: everything the head asks for is the pull request's change.
    public func changes(of head: Observation, comparedWith base: String) async throws -> Plan {
        let mergeBase = try await ports.desiredState.mergeBase(of: base, and: nil)
        let baseRevision = mergeBase ?? base
        let baseDesired: DesiredState
        do {
            baseDesired = try await ports.desiredState.desiredState(at: baseRevision)
        } catch is DesiredStateError {
            baseDesired = DesiredState(revision: baseRevision, assignments: [])
        }
        return ChangeReviewer.review(
            base: baseDesired, head: head.desired, headDrift: head.drift, headPlan: head.plan, inventory: head.inventory,
            now: clock.now(), options: PlanOptions(maxChanges: maxChanges), baseRef: base, mergeBase: mergeBase)
    }
}
