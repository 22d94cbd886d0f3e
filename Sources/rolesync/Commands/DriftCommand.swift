import ArgumentParser
import Foundation
import Reconciler
import RoleSyncCore

/// `rolesync drift`: what differs from Git, why, and where the expectation comes from. Read-only.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift", abstract: "Report drift between Git and the live fleet. Writes nothing.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let context = CommandContext.capture()
        let settings = context.settings(repository: try context.repositorySettings(repository), aws: aws)
        let drift = try await context.withReconciliation(settings) { reconciliation, _ in try await reconciliation.observe().drift }
        Terminal.endProgress()
        try emit(ReportRendering.render(drift, as: output.format), to: output.out)
        if let unread = FailedTarget.errorMessage(drift.failedTargets) {
            Terminal.error(unread)
            throw ExitCode(1)
        }
        if output.detailedExitcode && drift.items.contains(where: \.kind.isDrift) {
            throw ExitCode(2)
        }
    }
}
