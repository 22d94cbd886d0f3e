/// One instance whose expectation a pull request changes: what the merge base's desired state
/// expects of it, what the head's expects, and the manifests that make the difference.
///
/// Both sides come from diffing the two desired states against the same live inventory, so
/// the difference is the pull request's alone, not drift that happened meanwhile.
public struct InstanceImpact: Sendable, Hashable, Codable, Comparable {
    public var instanceId: String
    public var account: String
    public var region: String
    /// The desired profile at the merge base (`none` included), or `unmanaged`, `exempt`, `conflict`.
    public var from: String
    public var to: String
    /// The assignment or exemption that decided `from`, at the merge base.
    public var fromSource: SourceLocation?
    /// The assignment or exemption that decides `to`, at the head.
    public var toSource: SourceLocation?
    /// Keys (`kind/name`) of the changed manifests behind the difference.
    public var causes: [String]

    public init(
        instanceId: String, account: String, region: String, from: String, to: String,
        fromSource: SourceLocation? = nil, toSource: SourceLocation? = nil, causes: [String] = []
    ) {
        self.instanceId = instanceId
        self.account = account
        self.region = region
        self.from = from
        self.to = to
        self.fromSource = fromSource
        self.toSource = toSource
        self.causes = causes
    }

    public static let unmanaged = "unmanaged"
    public static let exempt = "exempt"
    public static let conflict = "conflict"

    /// Managed at the base, no longer at the head.
    public var becomesUnmanaged: Bool { to == Self.unmanaged && from != Self.unmanaged }
    public var exemptionStarts: Bool { to == Self.exempt && from != Self.exempt }
    public var exemptionLapses: Bool { from == Self.exempt && to != Self.exempt }
    /// The head takes the instance's profile away (`instanceProfile: none`).
    public var stripsProfile: Bool { to == "none" && from != "none" }

    var key: InstanceKey { InstanceKey(account: account, region: region, instanceId: instanceId) }

    public static func < (lhs: InstanceImpact, rhs: InstanceImpact) -> Bool {
        (lhs.account, lhs.region, lhs.instanceId) < (rhs.account, rhs.region, rhs.instanceId)
    }
}

struct InstanceKey: Hashable {
    var account: String
    var region: String
    var instanceId: String

    init(account: String, region: String, instanceId: String) {
        self.account = account
        self.region = region
        self.instanceId = instanceId
    }

    init(_ resolution: Resolution) {
        self.init(account: resolution.target.account, region: resolution.target.region, instanceId: resolution.instanceId)
    }

    init(_ action: PlannedAction) { self.init(account: action.account, region: action.region, instanceId: action.instanceId) }
    init(_ item: DriftItem) { self.init(account: item.account, region: item.region, instanceId: item.instanceId) }
}

/// Which instances a desired-state change moves.
enum ChangeImpact {
    /// Every instance whose expectation differs between `base` and `head`; when the policy's
    /// `mode`, `suspend` or `maxChanges` changed, also every instance the head plans an action
    /// for, since whether that action runs is what changed.
    static func impacts(
        base: DriftReport, head: DriftReport, baseDesired: DesiredState, headDesired: DesiredState,
        headPlan: Plan, changes: [ManifestChange]
    ) -> [InstanceImpact] {
        let changed = Set(changes.map(\.key))
        let baseOwners = owners(baseDesired), headOwners = owners(headDesired)
        let policyKey = changes.first { $0.kind == "ReconcilePolicy" }?.key
        let baseByKey = Dictionary(base.resolutions.map { (InstanceKey($0), $0) }, uniquingKeysWith: { first, _ in first })
        var impacts: [InstanceKey: InstanceImpact] = [:]
        for resolution in head.resolutions {
            let old = baseByKey[InstanceKey(resolution)]
            let from = old.map(expectation) ?? InstanceImpact.unmanaged
            let to = expectation(resolution)
            guard from != to else { continue }
            var causes = [old?.source.flatMap { baseOwners[$0] }, resolution.source.flatMap { headOwners[$0] }]
                .compactMap { $0 }.filter(changed.contains)
            if causes.isEmpty, let policyKey { causes = [policyKey] }
            impacts[InstanceKey(resolution)] = InstanceImpact(
                instanceId: resolution.instanceId, account: resolution.target.account, region: resolution.target.region,
                from: from, to: to, fromSource: old?.source, toSource: resolution.source,
                causes: Array(Set(causes)).sorted())
        }
        if let policyKey, policyGatesActions(baseDesired.policy, headDesired.policy) {
            let byKey = Dictionary(head.resolutions.map { (InstanceKey($0), $0) }, uniquingKeysWith: { first, _ in first })
            for action in headPlan.actions where impacts[InstanceKey(action)] == nil {
                let resolution = byKey[InstanceKey(action)]
                let text = resolution.map(expectation) ?? InstanceImpact.unmanaged
                impacts[InstanceKey(action)] = InstanceImpact(
                    instanceId: action.instanceId, account: action.account, region: action.region, from: text, to: text,
                    fromSource: resolution?.source, toSource: resolution?.source, causes: [policyKey])
            }
        }
        return impacts.values.sorted()
    }

    /// What the desired state expects of one instance, as one comparable word or profile.
    static func expectation(_ resolution: Resolution) -> String {
        let base: String = switch resolution.kind {
        case .exempt: InstanceImpact.exempt
        case .unmanaged: InstanceImpact.unmanaged
        case .conflict: InstanceImpact.conflict
        default: resolution.desiredProfile?.description ?? InstanceImpact.unmanaged
        }
        return resolution.protectedBy == nil ? base : "\(base) (protected)"
    }

    /// Which manifest each assignment and exemption location belongs to.
    private static func owners(_ desired: DesiredState) -> [SourceLocation: String] {
        var owners: [SourceLocation: String] = [:]
        for assignment in desired.assignments { owners[assignment.source] = "InstanceRoleAssignment/\(assignment.name)" }
        for exemption in desired.exemptions { owners[exemption.source] = "Exemption/\(exemption.name)" }
        return owners
    }

    private static func policyGatesActions(_ base: ReconcilePolicy, _ head: ReconcilePolicy) -> Bool {
        base.mode != head.mode || base.suspend != head.suspend || base.maxChanges != head.maxChanges
    }
}
