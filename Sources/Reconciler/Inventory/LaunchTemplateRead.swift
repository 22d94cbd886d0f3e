import AWSClient
import RoleSyncCore

/// What one target's Auto Scaling groups launch from.
struct LaunchTemplateReading: Sendable {
    var groups: [LiveAutoScalingGroup] = []
    var versions: [LiveLaunchTemplateVersion] = []
}

extension AWSInventoryReader {
    /// Reads the target's Auto Scaling groups (paginated), and when any launches from a launch
    /// template, the region's templates (to resolve names, `$Default` and `$Latest`) and the
    /// versions in use: one DescribeLaunchTemplateVersions per template, never per group or
    /// instance. With `scanUserData`, each version's user-data is scanned as an instance's is,
    /// within the same budget.
    func readLaunchTemplates(
        _ resolved: ResolvedTarget, ec2: EC2Client, scanUserData: Bool, budget: UserDataBudget
    ) async throws -> LaunchTemplateReading {
        let target = resolved.target
        let described = try await session.autoScaling(target, credentials: resolved.credentials).describeAutoScalingGroups()
        let usesTemplates = described.contains { !$0.templateSpecifications.isEmpty }
        let templates = usesTemplates ? try await ec2.describeLaunchTemplates() : []
        var reading = LaunchTemplateReading()
        var wanted: [String: Set<Int>] = [:]
        for group in described.sorted(by: { $0.name < $1.name }) {
            let (uses, unresolved, choices) = LaunchTemplateMapping.uses(of: group, templates: templates)
            for use in uses { wanted[use.templateId, default: []].insert(use.version) }
            reading.groups.append(LaunchTemplateMapping.group(
                group, target: target, uses: uses, unresolved: unresolved, choices: choices))
        }
        for (templateId, numbers) in wanted.sorted(by: { $0.key < $1.key }) {
            let versions = try await ec2.describeLaunchTemplateVersions(
                templateId: templateId, versions: numbers.sorted().map(String.init))
            for version in versions where numbers.contains(version.versionNumber) {
                var live = LaunchTemplateMapping.version(version, target: target, template: templates.first { $0.id == templateId })
                if scanUserData, let inspection = await Self.inspect(version.userData, budget: budget) {
                    live.secrets = inspection.matches
                    live.uninspectedReason = inspection.reason
                }
                reading.versions.append(live)
            }
        }
        return reading
    }
}
