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
