/// Something a reviewer must look at before approving, called out above everything else.
public struct RiskFinding: Sendable, Hashable, Codable {
    /// Stable names: `strips-profile`, `over-max-changes`, `selector-widened`, `policy-changed`,
    /// `exemption-changed`, `scope-changed`, `invalid`.
    public var kind: String
    public var message: String
    public var source: SourceLocation?

    public init(kind: String, message: String, source: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.source = source
    }
}

/// Finds the risky parts of a desired-state change.
enum ChangeRisk {
    /// Fields whose change alters what rolesync may touch or whether it acts at all.
    static let guardedPolicyFields = ["mode", "suspend", "protect", "accounts", "regions"]

    static func findings(
        changes: [ManifestChange], impacts: [InstanceImpact], mutations: Int, maxChanges: Int,
        base: DesiredState, head: DesiredState, inventory: LiveInventory
    ) -> [RiskFinding] {
        var risks: [RiskFinding] = []
        let stripped = impacts.filter(\.stripsProfile)
        if !stripped.isEmpty {
            risks.append(RiskFinding(
                kind: "strips-profile",
                message: "\(stripped.count) instance(s) would have their instance profile removed (instanceProfile: none)",
                source: stripped.first?.toSource))
        }
        if mutations > maxChanges {
            risks.append(RiskFinding(
                kind: "over-max-changes",
                message: "the change makes \(mutations) mutations, over maxChanges \(maxChanges): apply would refuse the whole plan"))
        }
        risks += widenedSelectors(base: base, head: head, inventory: inventory)
        for change in changes {
            switch change.kind {
            case "ReconcilePolicy":
                for field in change.fields where guardedPolicyFields.contains(field.field) {
                    risks.append(RiskFinding(
                        kind: "policy-changed",
                        message: "policy \(field.field): \(field.from ?? "unset") → \(field.to ?? "unset")", source: field.source))
                }
            case "Exemption":
                risks.append(RiskFinding(
                    kind: "exemption-changed", message: "exemption \(change.name) \(change.change.rawValue)", source: change.source))
            default:
                for field in change.fields where change.change == .changed && ["accounts", "regions"].contains(field.field) {
                    risks.append(RiskFinding(
                        kind: "scope-changed",
                        message: "assignment \(change.name) \(field.field): \(field.from ?? "policy default") → \(field.to ?? "policy default")",
                        source: field.source))
                }
            }
        }
        return risks
    }

    /// Assignments whose selector now matches more than twice as many live instances as at the
    /// base, or more than 50 more (an added assignment counts from zero).
    private static func widenedSelectors(base: DesiredState, head: DesiredState, inventory: LiveInventory) -> [RiskFinding] {
        let before = Dictionary(base.assignments.map { ($0.name, $0.selector) }, uniquingKeysWith: { first, _ in first })
        return head.assignments.compactMap { assignment in
            let old = before[assignment.name].map { count(matching: $0, in: inventory) } ?? 0
            let new = count(matching: assignment.selector, in: inventory)
            guard new - old > 50 || (old > 0 && new > 2 * old) else { return nil }
            return RiskFinding(
                kind: "selector-widened",
                message: "assignment \(assignment.name) now selects \(new) instance(s), \(old) before",
                source: assignment.fieldLocations["selector"] ?? assignment.source)
        }
    }

    /// Live managed instances a selector names (ids, or every tag matching).
    static func count(matching selector: InstanceSelector, in inventory: LiveInventory) -> Int {
        let ids = Set(selector.instanceIds)
        return inventory.instances.lazy.filter { instance in
            guard instance.state.isManaged else { return false }
            if ids.contains(instance.instanceId) { return true }
            return !selector.tags.isEmpty && selector.tags.allSatisfy { instance.tags[$0.key] == $0.value }
        }.count
    }
}
