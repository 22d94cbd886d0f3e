import Foundation

/// Compares the desired state with a live inventory and says, per instance, what differs.
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
        for (position, instance) in index.instances.enumerated() {
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
        items.sort()
        resolutions.sort()
        return DriftReport(
            desiredRevision: desired.revision,
            summary: summarize(items: items, resolutions: resolutions),
            items: items,
            resolutions: resolutions
        )
    }

    /// Managed = running or stopped; drifted = any drift-kind item (embedded credentials included);
    /// in sync = the profile an assignment asks for and no drift item.
    static func summarize(items: [DriftItem], resolutions: [Resolution]) -> DriftSummary {
        let drifted = Set(items.filter(\.kind.isDrift).map { instanceKey($0.instanceId, $0.target) })
        let inSync = resolutions.filter {
            $0.isInSync && !drifted.contains(instanceKey($0.instanceId, $0.target))
        }.count
        return DriftSummary(instances: resolutions.count, inSync: inSync, drifted: drifted.count)
    }

    static func instanceKey(_ instanceId: String, _ target: Target) -> String {
        "\(target.account)/\(target.region)/\(instanceId)"
    }
}
