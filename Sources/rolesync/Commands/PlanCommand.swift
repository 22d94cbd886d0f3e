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

    @Option(name: .long, help: "Review what this revision changes since it forked from REF (for pull requests).")
    var base: String?

    @OptionGroup var comment: CommentLimitOption

    @Option(name: .long, help: "Raise (or lower) the policy's maxChanges for this run.")
    var maxChanges: Int?

    func validate() throws {
        if output.format == .junit { throw ValidationError("--format junit is for `rolesync drift`") }
    }

    func run() async throws {
        let context = CommandContext.capture()
        let settings = context.settings(repository: try context.repositorySettings(repository), aws: aws, maxChanges: maxChanges)
        let plan: Plan
        do {
            plan = try await context.withReconciliation(settings) { reconciliation, _ in
                let observed = try await reconciliation.observe()
                guard let base else { return observed.plan }
                return try await reconciliation.changes(of: observed, comparedWith: base)
            }
        } catch DesiredStateError.invalid(let report) where base != nil {
            // A pull request with invalid manifests gets its errors, with file:line, and nothing else.
            Terminal.endProgress()
            let invalid = ChangeReviewer.invalid(
                problems: report.problems.map(\.description), baseRef: base ?? "", head: repository.ref)
            try emit(try ReportRendering.render(invalid, as: output.format, commentLimit: comment.commentLimit), to: output.out)
            throw ExitCode.failure
        }
        Terminal.endProgress()
        try emit(try ReportRendering.render(plan, as: output.format, commentLimit: comment.commentLimit), to: output.out)
        // A plan that could not see part of the fleet is an error, whatever else it says.
        if let unread = FailedTarget.errorMessage(plan.failedTargets ?? []) {
            Terminal.error(unread)
            throw ExitCode(1)
        }
        if output.detailedExitcode && (!plan.drift.filter(\.kind.isDrift).isEmpty || !plan.actions.isEmpty) {
            throw ExitCode(2)
        }
    }
}
