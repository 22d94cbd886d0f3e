/// Which accounts and regions an assignment reaches: its own lists, else the policy's; an empty
/// list (policy without regions or accounts) reaches everything the inventory holds.
struct AssignmentScope: Sendable {
    let policyRegions: Set<String>
    let policyAccounts: Set<String>

    init(policy: ReconcilePolicy) {
        policyRegions = Set(policy.regions)
        policyAccounts = Set(policy.accounts.map(\.id))
    }

    func reaches(_ target: Target, for assignment: InstanceRoleAssignment) -> Bool {
        let regions = assignment.regions.map(Set.init) ?? policyRegions
        let accounts = assignment.accounts.map(Set.init) ?? policyAccounts
        return (regions.isEmpty || regions.contains(target.region))
            && (accounts.isEmpty || accounts.contains(target.account))
    }
}

/// One assignment selecting one instance, with the strength of the match.
struct AssignmentMatch: Sendable {
    let assignment: InstanceRoleAssignment
    let rank: MatchRank
}

extension InstanceIndex {
    /// For every instance position, the in-scope assignments that select it, in source order.
    func assignmentMatches(
        _ assignments: [InstanceRoleAssignment], scope: AssignmentScope
    ) -> [Int: [AssignmentMatch]] {
        var result: [Int: [AssignmentMatch]] = [:]
        for assignment in assignments.sorted(by: sourceOrder) {
            for (position, rank) in matches(assignment.selector)
            where scope.reaches(instances[position].target, for: assignment) {
                result[position, default: []].append(AssignmentMatch(assignment: assignment, rank: rank))
            }
        }
        return result
    }

    /// For every instance position, the exemptions that select it, in source order.
    func exemptionMatches(_ exemptions: [Exemption]) -> [Int: [Exemption]] {
        var result: [Int: [Exemption]] = [:]
        for exemption in exemptions.sorted(by: { ($0.source, $0.name) < ($1.source, $1.name) }) {
            for (position, _) in matches(exemption.selector) {
                result[position, default: []].append(exemption)
            }
        }
        return result
    }

    /// For every position the policy protects, how the protection matched it.
    func protections(_ selector: InstanceSelector?) -> [Int: String] {
        guard let selector, !selector.isEmpty else { return [:] }
        var result: [Int: String] = [:]
        for (position, rank) in matches(selector) {
            switch rank {
            case .id:
                result[position] = "instance id \(instances[position].instanceId)"
            case .tags:
                result[position] = selector.tags.sorted { $0.key < $1.key }
                    .map { "tag \($0.key)=\($0.value)" }.joined(separator: ", ")
            }
        }
        return result
    }
}

/// Manifest order: file, line, column, then name for assignments that share a line.
func sourceOrder(_ lhs: InstanceRoleAssignment, _ rhs: InstanceRoleAssignment) -> Bool {
    if lhs.source != rhs.source { return lhs.source < rhs.source }
    return lhs.name < rhs.name
}
