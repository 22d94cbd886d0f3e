import AWSClient
import ArgumentParser
import Foundation
import Reconciler

/// `rolesync aws …`: checks of the AWS side.
struct AWSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws", abstract: "Check the AWS connection.", subcommands: [WhoAmICommand.self])
}

/// `rolesync aws whoami`: which account and identity the credentials belong to, and where they came from.
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Print the account, ARN and credential source in use.")

    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let context = CommandContext.capture()
        let identity = try await context.withSession(context.awsSettings(aws)) { try await $0.callerIdentity() }
        print("account: \(identity.account)")
        print("arn:     \(identity.arn)")
        print("source:  \(identity.credentialSource ?? "unknown")")
    }
}
