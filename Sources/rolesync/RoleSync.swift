import ArgumentParser
import Foundation
import Logging

@main
struct RoleSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rolesync",
        abstract: "Keep every EC2 instance's IAM role equal to what Git says.",
        discussion: """
            Desired instance-role assignments live as YAML in a Git repository; rolesync diffs them \
            against the live fleet, plans and applies the remediation, and records every decision \
            as a commit. ROLESYNC_LOG_LEVEL (trace, debug, info, notice, warning, error) sets how \
            much it logs to standard error (default: warning; info for `run`), and \
            ROLESYNC_LOG_FORMAT (text, json) how.
            """,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DriftCommand.self, HistoryCommand.self,
            ScanCommand.self, RunCommand.self, ShowCommand.self, AWSCommand.self,
        ]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            logSetup(for: command).bootstrap()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// The command's own log flags when it has them, else the environment's settings.
    private static func logSetup(for command: any ParsableCommand) -> LogSetup {
        let configuring = command as? any LogConfiguring
        return LogSetup(
            format: configuring?.logFormatOption, level: configuring?.logLevelOption,
            defaultLevel: configuring.map { type(of: $0).defaultLogLevel } ?? .warning,
            environment: ProcessInfo.processInfo.environment)
    }
}
