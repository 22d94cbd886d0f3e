import AWSClient
import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// The events loop with a fake queue: watched changes kept and a converge pulled; other
/// messages counted and never deleted; messages deleted only up to the converge that covered
/// them, by their newest receipt handle, and kept when the delete fails.
@Suite struct EventListenerTests {
    static let target = Target(account: "123456789012", region: "us-east-1")

    static func event(_ instance: String, at time: String = "2026-12-01T10:15:01Z") -> String {
        """
        {"detail-type": "AWS API Call via CloudTrail", "source": "aws.ec2", "account": "123456789012", "region": "us-east-1",
         "detail": {"eventName": "DisassociateIamInstanceProfile", "eventTime": "\(time)", "awsRegion": "us-east-1",
           "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/alice"},
           "responseElements": {"iamInstanceProfileAssociation": {"instanceId": "\(instance)"}}}}
        """
    }

    static func message(_ id: String, _ body: String, handle: String? = nil) -> QueuedMessage {
        QueuedMessage(id: id, receiptHandle: handle ?? "handle-\(id)", body: body)
    }

    static func metric(_ metrics: DaemonMetrics, _ result: String) -> String? {
        metrics.render().split(separator: "\n").first { $0.hasPrefix("rolesync_events_total{result=\"\(result)\"}") }.map(String.init)
    }

    @Test func watchedChangesPullAConvergeAndOtherMessagesAreOnlyCounted() async {
        let queue = FakeEventQueue([[
            Self.message("m1", Self.event("i-0123456789abcdef0")),
            Self.message("m2", "not json"),
            Self.message("m3", #"{"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {}}"#),
        ]])
        let metrics = DaemonMetrics()
        let inbox = EventInbox(queue: queue, metrics: metrics)
        let trigger = ConvergeTrigger()
        await EventListener(queue: queue, inbox: inbox, trigger: trigger, metrics: metrics).poll()

        #expect(await inbox.pendingCount == 1)
        #expect(await trigger.wait() == [.events], "returns at once: the poll pulled it, for its events")
        #expect(Self.metric(metrics, "accepted") == #"rolesync_events_total{result="accepted"} 1"#)
        #expect(Self.metric(metrics, "malformed") == #"rolesync_events_total{result="malformed"} 1"#)
        #expect(Self.metric(metrics, "foreign") == #"rolesync_events_total{result="foreign"} 1"#)
        let (causes, mark) = await inbox.beginCycle()
        #expect(causes.map(\.instanceIds) == [["i-0123456789abcdef0"]])
        await inbox.settle(upTo: mark, covered: [Self.target])
        #expect(await queue.deleted == ["handle-m1"], "the malformed and foreign messages are left on the queue")
    }

    @Test func aConvergeSettlesOnlyWhatItTookAndARedeliveryKeepsItsPlace() async {
        let queue = FakeEventQueue([])
        let inbox = EventInbox(queue: queue)
        let first = try! ChangeEventParser.parse(Self.event("i-0aaaaaaaaaaaaaaa1"))
        let second = try! ChangeEventParser.parse(Self.event("i-0aaaaaaaaaaaaaaa2"))
        #expect(await inbox.add(Self.message("m1", ""), event: first))
        let (_, mark) = await inbox.beginCycle()
        #expect(await inbox.add(Self.message("m2", ""), event: second))
        #expect(await inbox.add(Self.message("m1", "", handle: "handle-m1-again"), event: first) == false)

        await inbox.settle(upTo: mark, covered: [Self.target])
        #expect(await queue.deleted == ["handle-m1-again"], "the newest receipt handle, and not m2")
        #expect(await inbox.pendingCount == 1)

        await queue.setFailDeletes(true)
        let (_, next) = await inbox.beginCycle()
        await inbox.settle(upTo: next, covered: [Self.target])
        #expect(await inbox.pendingCount == 1, "a failed delete keeps the event for a later converge")
    }

    @Test func causesLandOnTheDriftOfTheInstancesTheyNameTheNewestFirst() {
        let target = Target(account: "123456789012", region: "us-east-1")
        let drift = [
            DriftItem(instanceId: "i-0aaaaaaaaaaaaaaa1", target: target, kind: .missing, desired: "app-ec2"),
            DriftItem(instanceId: "i-0aaaaaaaaaaaaaaa2", target: target, kind: .missing, desired: "app-ec2"),
            DriftItem(instanceId: "i-0aaaaaaaaaaaaaaa1", target: Target(account: "210987654321", region: "us-east-1"),
                      kind: .missing, desired: "app-ec2"),
        ]
        let plan = Plan(
            desiredRevision: "r", planHash: "h", summary: PlanSummary(instances: 2, inSync: 0, drifted: 2, actions: 0, blocked: 0),
            drift: drift, actions: [])
        let older = try! ChangeEventParser.parse(Self.event("i-0aaaaaaaaaaaaaaa1", at: "2026-12-01T10:00:00Z"))
        let newer = try! ChangeEventParser.parse(Self.event("i-0aaaaaaaaaaaaaaa1", at: "2026-12-01T11:00:00Z"))
        let attributed = plan.attributing([newer, older])
        #expect(attributed.drift[0].cause == newer)
        #expect(attributed.drift[1].cause == nil, "no event named it: cause unknown")
        #expect(attributed.drift[2].cause == nil, "the same id in another account is another instance")
        #expect(attributed.planHash == plan.planHash)
    }

    @Test func anEventOfATargetThisReplicaDoesNotReconcileIsHandedBackNotDeleted() async {
        let queue = FakeEventQueue([])
        let metrics = DaemonMetrics()
        let inbox = EventInbox(queue: queue, metrics: metrics)
        let ours = try! ChangeEventParser.parse(Self.event("i-0aaaaaaaaaaaaaaa1"))
        var theirs = try! ChangeEventParser.parse(Self.event("i-0aaaaaaaaaaaaaaa2"))
        theirs.region = "eu-west-1"
        await inbox.add(Self.message("m1", ""), event: ours)
        await inbox.add(Self.message("m2", ""), event: theirs)
        let (_, mark) = await inbox.beginCycle()
        await inbox.settle(upTo: mark, covered: [Self.target])
        #expect(await queue.deleted == ["handle-m1"])
        #expect(await queue.released == ["handle-m2"], "handed back for the replica holding eu-west-1")
        #expect(await inbox.pendingCount == 0)
        #expect(Self.metric(metrics, "released") == #"rolesync_events_total{result="released"} 1"#)
    }
}
