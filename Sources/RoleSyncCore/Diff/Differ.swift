import Foundation

/// Compares the desired state with a live inventory and says, per instance (and per launch
/// template version Auto Scaling groups launch from), what differs.
///
/// Pure: the same desired state, inventory and `now` give the same report, whatever the
/// order of the inputs. `now` decides which exemptions are still active.
public enum Differ {
    public static func diff(desired: DesiredState, inventory: LiveInventory, now: Date) -> DriftReport {
        let index = InstanceIndex(instances: inventory.instances)
        let context = Context(
            catalog: ProfileCatalog(inventory.profiles),
            unmanaged: desired.policy.unmanaged,
            now: now
        )
        let assignmentMatches = index.assignmentMatches(
            desired.assignments, scope: AssignmentScope(policy: desired.policy))
        let exemptionMatches = index.exemptionMatches(desired.exemptions)
        let protections = index.protections(desired.policy.protect)

        var items: [DriftItem] = []
        var resolutions: [Resolution] = []
        var skippedInstances = Set<String>()
        for position in reportOrder(index.instances) {
            let instance = index.instances[position]
            guard instance.state.isManaged else {
                skippedInstances.insert(instanceKey(instance.instanceId, instance.target))
                continue
            }
            let outcome = context.resolve(
                instance,
                matches: assignmentMatches[position] ?? [],
                exemptions: exemptionMatches[position] ?? [],
                protectedBy: protections[position]
            )
            items += outcome.items
            resolutions.append(outcome.resolution)
        }
        for finding in inventory.findings
        where !skippedInstances.contains(instanceKey(finding.instanceId, finding.target)) {
            items.append(DriftItem(
                instanceId: finding.instanceId, target: finding.target, kind: .embeddedCredentials,
                actual: finding.redactedKeyId, reason: "\(finding.kind) at \(finding.location)"))
        }
        for uninspected in inventory.uninspected
        where !skippedInstances.contains(instanceKey(uninspected.instanceId, uninspected.target)) {
            items.append(DriftItem(
                instanceId: uninspected.instanceId, target: uninspected.target, kind: .userDataUninspected,
                reason: "could not inspect: \(uninspected.reason)"))
        }
        items += launchTemplateItems(desired: desired, inventory: inventory, context: context)
        // Both are nearly sorted already (instances were visited in report order), which the
        // standard library's run-detecting sort handles in about linear time.
        items.sort()
        resolutions.sort()
        return DriftReport(
            desiredRevision: desired.revision,
            summary: summarize(items: items, resolutions: resolutions),
            items: items,
            resolutions: resolutions,
            failedTargets: inventory.failedTargets
        )
    }

    /// Managed = running or stopped; drifted = any drift-kind item (embedded credentials and
    /// uninspected user-data included);
    /// in sync = the profile an assignment asks for and no drift item. The counts are of
    /// instances: items about launch templates and groups are not counted.
    static func summarize(items: [DriftItem], resolutions: [Resolution]) -> DriftSummary {
        var drifted = Set<InstanceKey>()
        for item in items where item.kind.isDrift && item.isAboutInstance {
            drifted.insert(InstanceKey(account: item.account, region: item.region, instanceId: item.instanceId))
        }
        let inSync = resolutions.lazy.filter {
            $0.isInSync
                && !drifted.contains(InstanceKey(account: $0.target.account, region: $0.target.region, instanceId: $0.instanceId))
        }.count
        return DriftSummary(instances: resolutions.count, inSync: inSync, drifted: drifted.count)
    }

    /// An instance's identity as a hashable value: cheaper than building an `instanceKey`
    /// string for each of a large fleet's instances.
    struct InstanceKey: Hashable {
        var account: String
        var region: String
        var instanceId: String
    }

    /// Positions of `instances` in report order (account, region, instance id; ties keep their
    /// input order). Visiting instances in this order leaves the items and resolutions nearly
    /// sorted: sorting small positions is far cheaper than sorting those large values.
    static func reportOrder(_ instances: [LiveInstance]) -> [Int] {
        // Fields are read in place: binding whole instances would copy every field of each.
        instances.indices.sorted { lhs, rhs in
            if instances[lhs].target != instances[rhs].target { return instances[lhs].target < instances[rhs].target }
            if instances[lhs].instanceId != instances[rhs].instanceId {
                return instances[lhs].instanceId < instances[rhs].instanceId
            }
            return lhs < rhs
        }
    }

    /// One instance's key across targets: instance ids are unique only within an account and region.
    public static func instanceKey(_ instanceId: String, _ target: Target) -> String {
        "\(target.account)/\(target.region)/\(instanceId)"
    }
}
