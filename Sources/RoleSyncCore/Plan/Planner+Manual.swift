extension Planner {
    /// One manual action per instance with embedded credentials, carrying the relaunch runbook.
    ///
    /// Attaching a role does not help while keys stay baked in: SDKs read environment variables
    /// and credential files before the instance role, so those keys keep winning.
    static func manualActions(drift: DriftReport, inventory: LiveInventory) -> [PlannedAction] {
        let findings = Dictionary(grouping: drift.items.filter { $0.kind == .embeddedCredentials && $0.isAboutInstance }) {
            Differ.instanceKey($0.instanceId, $0.target)
        }
        guard !findings.isEmpty else { return [] }
        var instances: [String: LiveInstance] = [:]
        for instance in inventory.instances {
            instances[Differ.instanceKey(instance.instanceId, instance.target)] = instance
        }
        var resolutions: [String: Resolution] = [:]
        for resolution in drift.resolutions {
            resolutions[Differ.instanceKey(resolution.instanceId, resolution.target)] = resolution
        }
        return findings.map { key, items in
            let first = items[0]
            let resolution = resolutions[key]
            let profile = resolution?.desiredProfileArn
            let places = items.map { "\($0.actual ?? "a key") (\($0.reason ?? "user-data"))" }
            return PlannedAction(
                type: .manual, instanceId: first.instanceId, account: first.account, region: first.region,
                profile: profile, status: .planned,
                reason: "AWS keys embedded in the instance: " + places.joined(separator: ", "),
                steps: RelaunchRunbook.steps(
                    instanceId: first.instanceId, findings: places, instance: instances[key], profile: profile ?? resolution?.desiredProfile?.description)
            )
        }
    }
}

extension Planner {
    /// The reason every launch template action carries until template remediation exists.
    public static let launchTemplateRemediationReason = "launch template remediation is not enabled"

    /// One blocked manual action per launch template version with drift: reported, never a
    /// mutation, so it does not count toward `maxChanges`. The reason says what would be needed.
    static func launchTemplateActions(drift: DriftReport) -> [PlannedAction] {
        let kinds: Set<DriftKind> = [.templateMissingProfile, .templateWrongProfile, .conflict, .embeddedCredentials]
        let bySubject = Dictionary(grouping: drift.items.filter { item in
            item.subject?.type == .launchTemplate && kinds.contains(item.kind)
        }) { Differ.instanceKey($0.instanceId, $0.target) }
        return bySubject.values.map { items in
            let first = items[0]
            let needs = items.map { item in
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
                profile: items.first { $0.kind != .conflict && $0.kind != .embeddedCredentials }?.desired,
                status: .blocked,
                reason: "\(launchTemplateRemediationReason): \(first.subject?.usage ?? "template") needs " + needs.joined(separator: "; "),
                blockedBy: .launchTemplateRemediationDisabled)
            action.subject = first.subject
            return action
        }
    }
}
