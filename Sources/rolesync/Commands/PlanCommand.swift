import ArgumentParser
import Foundation
import Reconciler
import RoleSyncCore

/// `rolesync plan`: what `apply` would do, instance by instance. Read-only.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Show what apply would change. Writes nothing to AWS or Git.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Only show changes this revision makes compared with REF (for pull requests).")
    var base: String?

    @Option(name: .long, help: "Raise (or lower) the policy's maxChanges for this run.")
    var maxChanges: Int?

    func validate() throws {
        if output.format == .junit { throw ValidationError("--format junit is for `rolesync drift`") }
    }

    func run() async throws {
        let context = CommandContext(repository: repository, aws: aws, maxChanges: maxChanges)
        let plan = try await context.withReconciliation { reconciliation in
            let observed = try await reconciliation.observe()
            guard let base else { return observed.plan }
            return try await BaseComparison.changes(of: observed, comparedWith: base, in: reconciliation)
        }
        Terminal.endProgress()
        try emit(try ReportRendering.render(plan, as: output.format), to: output.out)
        if output.detailedExitcode && (!plan.drift.filter(\.kind.isDrift).isEmpty || !plan.actions.isEmpty) {
            throw ExitCode(2)
        }
    }
}

/// `plan --base`: the plan of the pull request's head, less what the base revision would
/// plan anyway, so reviewers see the change the pull request makes.
enum BaseComparison {
    static func changes(of head: Observation, comparedWith base: String, in reconciliation: Reconciliation) async throws -> Plan {
        var baseSettings = reconciliation.settings.repository
        baseSettings.ref = base
        baseSettings.worktree = false
        // A base with no (valid) desired state yet, as on a repository's first pull request,
        // plans nothing: everything the head plans is the pull request's change.
        let baseDesired: DesiredState
        do {
            baseDesired = try await GitDesiredStateSource(settings: baseSettings).loadDesiredState(from: reconciliation.store)
        } catch is DesiredStateError {
            return head.plan
        }
        let baseDrift = reconciliation.diff(baseDesired, head.inventory)
        let basePlan = reconciliation.plan(baseDrift, baseDesired, head.inventory)
        let baseActions = Set(basePlan.actions.map(key))
        let baseItems = Set(basePlan.drift.map(key))
        var plan = head.plan
        plan.actions = plan.actions.filter { !baseActions.contains(key($0)) }
        plan.drift = plan.drift.filter { !baseItems.contains(key($0)) }
        plan.summary.actions = plan.actions.filter { $0.status == .planned }.count
        plan.summary.blocked = plan.actions.filter { $0.status == .blocked }.count
        return plan
    }

    private static func key(_ action: PlannedAction) -> String {
        [action.account, action.region, action.instanceId, action.type.rawValue, action.profile ?? "", action.status.rawValue]
            .joined(separator: "|")
    }

    private static func key(_ item: DriftItem) -> String {
        [item.account, item.region, item.instanceId, item.kind.rawValue, item.desired ?? "", item.actual ?? ""]
            .joined(separator: "|")
    }
}
