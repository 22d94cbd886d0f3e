import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// The shipped EventBridge rule (CloudFormation and Terraform) matches exactly the calls the
/// daemon acts on, and its queue keeps messages hidden longer than a converge.
struct EventRuleTests {
    static func text(_ name: String) throws -> String {
        try String(
            contentsOf: RoleSyncBinary.packageRoot().appendingPathComponent("manifests/deploy/events/\(name)"), encoding: .utf8)
    }

    /// Event names written in the file: CloudFormation's YAML list items, Terraform's strings.
    static func eventNames(in text: String) -> Set<String> {
        let known = ChangeEvent.watchedEvents.union(["StopInstances", "TerminateInstances"])
        let words = text.split { !$0.isLetter }.map(String.init)
        return Set(words.filter { known.contains($0) })
    }

    @Test(arguments: ["cloudformation.yaml", "terraform.tf"])
    func theRuleMatchesEveryWatchedCallAndNoOther(_ file: String) throws {
        let text = try Self.text(file)
        #expect(Self.eventNames(in: text) == ChangeEvent.watchedEvents, "\(file)")
        #expect(text.contains("AWS API Call via CloudTrail") && text.contains("aws.ec2") && text.contains("aws.autoscaling"))
        #expect(text.contains("300"), "visibility timeout longer than a converge: \(file)")
        #expect(text.contains("sqs:ReceiveMessage") && text.contains("sqs:DeleteMessage") && text.contains("sqs:ChangeMessageVisibility"))
        #expect(!text.contains("sqs:*"), "no wildcard grant")
    }

    @Test func theShippedPolicyGrantsTheQueueCallsTheDaemonMakes() throws {
        let statement = try #require(ShippedPolicy.load().statements.first { $0["Sid"] as? String == "EventQueue" })
        #expect(Set(ShippedPolicy.actions(of: statement)) == ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"])
    }
}
