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
            much it logs to standard error; the default is warning.
            """,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DriftCommand.self, HistoryCommand.self,
            ScanCommand.self, RunCommand.self, AWSCommand.self,
        ]
    )

    static func main() async {
        let level = ProcessInfo.processInfo.environment["ROLESYNC_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
