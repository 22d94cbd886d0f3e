import Foundation

/// What a pull request does, for its reviewer: the manifests it edits, the instances whose
/// expectation that moves, and the risks to look at first. Carried by the plan of
/// `plan --base`, so a saved plan renders the same review later (`rolesync show`).
public struct ChangeReview: Sendable, Hashable, Codable {
    /// The base as given (`main`).
    public var base: String
    /// The commit the pull request's branch was cut from; nil when the histories are unrelated
    /// (then the base itself was compared).
    public var mergeBase: String?
    public var head: String
    public var manifests: [ManifestChange]
    public var instances: [InstanceImpact]
    public var risks: [RiskFinding]
    /// Mutations the change makes, planned or refused as over the limit.
    public var mutations: Int
    public var maxChanges: Int
    /// The head's validation problems (`file:line:column: …`); when any, nothing else is set.
    public var problems: [String]

    public init(
        base: String, mergeBase: String?, head: String, manifests: [ManifestChange] = [], instances: [InstanceImpact] = [],
        risks: [RiskFinding] = [], mutations: Int = 0, maxChanges: Int = 0, problems: [String] = []
    ) {
        self.base = base
        self.mergeBase = mergeBase
        self.head = head
        self.manifests = manifests
        self.instances = instances
        self.risks = risks
        self.mutations = mutations
        self.maxChanges = maxChanges
        self.problems = problems
    }

    public var isInvalid: Bool { !problems.isEmpty }

    /// The changed instances that the manifest with `key` moves.
    public func instances(causedBy key: String) -> [InstanceImpact] {
        instances.filter { $0.causes.contains(key) }
    }
}

/// Builds the plan of `plan --base`: the head's plan restricted to the instances the change
/// affects, with counts of exactly those, and the review.
public enum ChangeReviewer {
    public static func review(
        base: DesiredState, head: DesiredState, headDrift: DriftReport, headPlan: Plan, inventory: LiveInventory,
        now: Date, options: PlanOptions, baseRef: String, mergeBase: String?
    ) -> Plan {
        let baseDrift = Differ.diff(desired: base, inventory: inventory, now: now)
        let changes = DesiredChange.changes(from: base, to: head)
        let impacts = ChangeImpact.impacts(
            base: baseDrift, head: headDrift, baseDesired: base, headDesired: head, headPlan: headPlan, changes: changes)
        var plan = restrict(headPlan, drift: headDrift, to: Set(impacts.map(\.key)))
        let mutations = plan.actions.filter { action in
            guard action.type.isMutation else { return false }
            if case .overMaxChanges = action.blockedBy { return true }
            return action.status == .planned
        }.count
        let maxChanges = options.maxChanges ?? head.policy.maxChanges
        plan.review = ChangeReview(
            base: baseRef, mergeBase: mergeBase, head: head.revision, manifests: changes, instances: impacts,
            risks: ChangeRisk.findings(
                changes: changes, impacts: impacts, mutations: mutations, maxChanges: maxChanges, base: base, head: head,
                inventory: inventory),
            mutations: mutations, maxChanges: maxChanges)
        return plan
    }

    /// A head that fails validation: its problems and nothing else.
    public static func invalid(problems: [String], baseRef: String, head: String) -> Plan {
        var plan = Plan(
            desiredRevision: head, planHash: "", summary: PlanSummary(instances: 0, inSync: 0, drifted: 0, actions: 0, blocked: 0),
            drift: [], actions: [])
        plan.review = ChangeReview(base: baseRef, mergeBase: nil, head: head, problems: problems)
        return plan
    }

    static func restrict(_ plan: Plan, drift: DriftReport, to keys: Set<InstanceKey>) -> Plan {
        var restricted = plan
        restricted.actions = plan.actions.filter { keys.contains(InstanceKey($0)) }
        restricted.drift = plan.drift.filter { keys.contains(InstanceKey($0)) }
        let resolutions = drift.resolutions.filter { keys.contains(InstanceKey($0)) }
        let counts = Differ.summarize(items: restricted.drift, resolutions: resolutions)
        restricted.summary = PlanSummary(
            instances: counts.instances, inSync: counts.inSync, drifted: counts.drifted,
            actions: restricted.actions.filter { $0.status == .planned }.count,
            blocked: restricted.actions.filter { $0.status == .blocked }.count)
        return restricted
    }
}
