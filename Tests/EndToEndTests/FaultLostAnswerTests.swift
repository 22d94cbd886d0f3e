import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// Each mutation whose answer is lost after EC2 acted, one at a time: the retry gets an answer
/// only a re-read explains, and the action is recorded as done, not failed.
@Suite(.serialized) struct FaultLostAnswerTests {
    static let suite = "faults-lost-answer"

    /// Runs `apply` on a one-instance fleet with the answer to the first `call` lost as `fault`;
    /// returns the action's outcome and the calls that reached EC2.
    static func applyLosingAnswer(
        to call: String, _ fault: ReplyFault, instance: InstanceSeed, desired: String
    ) async throws -> (action: PlannedAction?, exitCode: Int32, sent: [String], live: [String: String]) {
        let world = try await World.make(suite: suite)
        defer { world.remove() }
        try await world.fleet.seed(profiles: [ProfileSeed("app-ec2", role: "app"), ProfileSeed("old-ec2", role: "old")], instances: [instance])
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "app.yaml": ManifestText.assignment("app", tags: instance.tags, profile: desired),
        ])
        let proxy = try await FaultProxy.start(upstream: try #require(world.server).endpoint)
        proxy.schedule.force([.reply(fault)], onNext: call)
        let result = try await world.rolesync(through: proxy, ["apply", "--auto-approve", "--format", "json"])
        await proxy.stop()
        let report = try? Plan.decode(from: Data(result.stdout.utf8))
        let sent = proxy.forwarded.filter(\.isMutation).map(\.action)
        return await (report?.actions.first, result.exitCode, sent, try world.fleet.associations())
    }

    @Test(arguments: [ReplyFault.drop, .truncated, .serverError])
    func aDisassociateWhoseAnswerWasLostIsConfirmedByReread(fault: ReplyFault) async throws {
        let outcome = try await Self.applyLosingAnswer(
            to: "DisassociateIamInstanceProfile", fault,
            instance: InstanceSeed("sandbox", tags: ["team": "sandbox"], profile: "old-ec2"), desired: "none")
        #expect(outcome.exitCode == 0)
        #expect(outcome.action?.status == .succeeded)
        #expect(outcome.action?.reason == FaultAudit.confirmedByReread)
        #expect(outcome.sent == ["DisassociateIamInstanceProfile", "DisassociateIamInstanceProfile"])
        #expect(outcome.live.isEmpty)
    }

    @Test func aStoppedSwapWhoseDisassociateAnswerWasLostStillAssociates() async throws {
        let outcome = try await Self.applyLosingAnswer(
            to: "DisassociateIamInstanceProfile", .drop,
            instance: InstanceSeed("stopped", tags: ["team": "app"], profile: "old-ec2", stopped: true), desired: "app-ec2")
        #expect(outcome.exitCode == 0)
        #expect(outcome.action?.status == .succeeded, "\(String(describing: outcome.action))")
        #expect(outcome.sent == ["DisassociateIamInstanceProfile", "DisassociateIamInstanceProfile", "AssociateIamInstanceProfile"])
        #expect(outcome.live.values.sorted() == ["app-ec2"])
    }

    @Test func anAssociateWhoseAnswerWasLostIsConfirmedByReread() async throws {
        let outcome = try await Self.applyLosingAnswer(
            to: "AssociateIamInstanceProfile", .malformed, instance: InstanceSeed("missing", tags: ["team": "app"]),
            desired: "app-ec2")
        #expect(outcome.exitCode == 0)
        #expect(outcome.action?.reason == FaultAudit.confirmedByReread)
        #expect(outcome.live.values.sorted() == ["app-ec2"])
    }
}
