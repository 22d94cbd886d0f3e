extension LiveInventory {
    /// The inventory split into one per target (account and region), in target order, each with
    /// its account's instance profiles: the pieces a fleet read one shard at a time arrives in.
    /// Every listed target gets one, a failed target too (empty, its failure kept), and so does
    /// any other target something in the inventory names.
    public func shards() -> [LiveInventory] {
        var instancesByTarget: [Target: [LiveInstance]] = [:]
        for instance in instances { instancesByTarget[instance.target, default: []].append(instance) }
        let findingsByTarget = Dictionary(grouping: findings, by: \.target)
        let uninspectedByTarget = Dictionary(grouping: uninspected, by: \.target)
        let groupsByTarget = Dictionary(grouping: autoScalingGroups, by: \.target)
        let versionsByTarget = Dictionary(grouping: launchTemplateVersions, by: \.target)
        let failedByTarget = Dictionary(grouping: failedTargets, by: \.target)
        var all = Set(targets).union(instancesByTarget.keys).union(findingsByTarget.keys).union(uninspectedByTarget.keys)
        all.formUnion(groupsByTarget.keys)
        all.formUnion(versionsByTarget.keys)
        all.formUnion(failedByTarget.keys)
        return all.sorted().map { target in
            LiveInventory(
                targets: [target], instances: instancesByTarget[target] ?? [],
                profiles: profiles[target.account].map { [target.account: $0] } ?? [:],
                findings: findingsByTarget[target] ?? [], uninspected: uninspectedByTarget[target] ?? [],
                failedTargets: failedByTarget[target] ?? [], autoScalingGroups: groupsByTarget[target] ?? [],
                launchTemplateVersions: versionsByTarget[target] ?? [])
        }
    }
}
