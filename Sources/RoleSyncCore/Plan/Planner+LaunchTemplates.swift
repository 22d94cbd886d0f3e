extension Planner {
    /// The reason every launch template action carries until template remediation exists.
    public static let launchTemplateRemediationReason = "launch template remediation is not enabled"

    /// Template drift that calls for work, in the order the work is done: the profile, a
    /// conflict between the groups, then keys in the user-data.
    static let launchTemplateWork: [DriftKind] = [.templateMissingProfile, .templateWrongProfile, .conflict, .embeddedCredentials]

    /// One blocked manual action per launch template version with drift: reported, never a
    /// mutation, so it does not count toward `maxChanges`. The reason says what would be needed.
    static func launchTemplateActions(drift: DriftReport) -> [PlannedAction] {
        let work = drift.items.filter { $0.subject?.type == .launchTemplate && launchTemplateWork.contains($0.kind) }
        return Dictionary(grouping: work) { Differ.instanceKey($0.instanceId, $0.target) }.values.map { items in
            let first = items[0]
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
            var action = PlannedAction(
                type: .manual, instanceId: first.instanceId, account: first.account, region: first.region,
                profile: items.first { $0.kind == .templateMissingProfile || $0.kind == .templateWrongProfile }?.desired,
                status: .blocked,
                reason: "\(launchTemplateRemediationReason): needs " + needs.joined(separator: "; ")
                    + (first.subject?.usage.map { "; \($0)" } ?? ""),
                blockedBy: .launchTemplateRemediationDisabled)
            action.subject = first.subject
            return action
        }
    }
}
