import ArgumentParser

@main
struct RoleSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rolesync",
        abstract: "Keep every EC2 instance's IAM role equal to what Git says.",
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DriftCommand.self, HistoryCommand.self, ScanCommand.self,
            AWSCommand.self,
        ]
    )
}
