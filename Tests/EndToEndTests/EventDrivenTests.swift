import Foundation
import Testing
import TestSupport

/// `rolesync run --events-queue`: CloudTrail change events (EventBridge's envelope, as its rule
/// puts them on SQS) on the emulator's queue, after the change they describe is made behind
/// rolesync's back. The daemon (interval one hour, so only the event can start a converge)
/// repairs the instance within seconds, names who made the change in the decision record, and
/// deletes the message; a malformed message is left on the queue and does not stop the loop.
struct EventDrivenTests {
    /// A `DisassociateIamInstanceProfile` made by an AWS SSO user with the PlatformAdmin permission set.
    static func disassociation(of instance: String) -> String {
        """
        {"version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602", "detail-type": "AWS API Call via CloudTrail",
         "source": "aws.ec2", "account": "123456789012", "time": "2026-12-01T10:15:02Z", "region": "us-east-1",
         "resources": [], "detail": {"eventVersion": "1.09",
           "userIdentity": {"type": "AssumedRole", "principalId": "AROAEXAMPLE:bob@example.com",
             "arn": "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_PlatformAdmin_0123456789abcdef/bob@example.com",
             "accountId": "123456789012", "sessionContext": {"sessionIssuer": {"type": "Role",
               "arn": "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmin_0123456789abcdef",
               "userName": "AWSReservedSSO_PlatformAdmin_0123456789abcdef"}}},
           "eventTime": "2026-12-01T10:15:01Z", "eventSource": "ec2.amazonaws.com",
           "eventName": "DisassociateIamInstanceProfile", "awsRegion": "us-east-1", "sourceIPAddress": "198.51.100.23",
           "userAgent": "aws-cli/2.22.0", "requestParameters": {"DisassociateIamInstanceProfileRequest": {"AssociationId": "iip-assoc-0a1b2c3d4e5f60718"}},
           "responseElements": {"DisassociateIamInstanceProfileResponse": {"iamInstanceProfileAssociation": {
             "instanceId": "\(instance)", "state": "disassociating"}}},
           "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "123456789012"}}
        """
    }

    static func send(_ body: String, to queue: String, _ fleet: DaemonFleet) async throws {
        let file = fleet.directory.url.appendingPathComponent("message-\(UUID().uuidString).json")
        try body.write(to: file, atomically: true, encoding: .utf8)
        try await fleet.moto.runPython("""
            import boto3
            boto3.client("sqs").send_message(QueueUrl="\(queue)", MessageBody=open("\(file.path)").read())
            """)
    }

    /// Messages on the queue: visible, and received but not yet deleted.
    static func queued(_ queue: String, _ fleet: DaemonFleet) async throws -> (visible: Int, inFlight: Int) {
        let output = try await fleet.moto.runPython("""
            import boto3
            a = boto3.client("sqs").get_queue_attributes(QueueUrl="\(queue)", AttributeNames=["All"])["Attributes"]
            print(a["ApproximateNumberOfMessages"], a["ApproximateNumberOfMessagesNotVisible"])
            """)
        let counts = output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return (counts.first ?? -1, counts.last ?? -1)
    }

    /// The newest decision record on the decisions branch.
    static func latestRecord(_ fleet: DaemonFleet) async throws -> String {
        let path = try await fleet.repository.git("log", "-1", "--name-only", "--format=", "rolesync/decisions")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return try await fleet.repository.git("show", "rolesync/decisions:\(path)")
    }

    @Test func anEventRepairsTheInstanceAtOnceNamesWhoChangedItAndIsDeleted() async throws {
        let fleet = try await DaemonFleet.make(instances: 2)
        defer { fleet.stop() }
        let queue = try await fleet.moto.runPython("""
            import boto3
            print(boto3.client("sqs").create_queue(QueueName="rolesync-events")["QueueUrl"])
            """).trimmingCharacters(in: .whitespacesAndNewlines)
        let daemon = try DaemonProcess(
            ["run", "--repo", fleet.repoArgument, "--listen", "127.0.0.1:0", "--interval", "1h", "--drift-interval", "1h",
             "--events-queue", queue, "--events-wait", "1s"],
            environment: fleet.environment)
        let port = try await daemon.listenPort()
        try await Poll.until(60, "the first converge") { try await fleet.attachedProfiles().count == 2 }

        // A malformed message first: counted, left on the queue, and the loop goes on.
        try await Self.send("this is not an event", to: queue, fleet)
        _ = try await DaemonHTTP.waitForMetric(port, #"rolesync_events_total{result="malformed"}"#, atLeast: 1)

        let (changed, other) = (fleet.instances[0], fleet.instances[1])
        try await fleet.detachProfile(from: changed)
        let sent = ContinuousClock.now
        try await Self.send(Self.disassociation(of: changed), to: queue, fleet)
        let repair = try await Poll.until(30, "the instance the event names repaired") {
            try await fleet.attachedProfiles()[changed] == "app-ec2"
        }
        print("event-figures: event on the queue to instance repaired: \(repair) (1 s long poll, debug build)")
        #expect(ContinuousClock.now - sent < .seconds(10), "within seconds (5 s target, room for a loaded machine)")

        try await Poll.until(30, "the event's message deleted, the malformed one still in flight") {
            let queued = try await Self.queued(queue, fleet)
            return queued.visible == 0 && queued.inFlight == 1
        }
        let record = try await Self.latestRecord(fleet)
        #expect(record.contains(#""eventName":"DisassociateIamInstanceProfile""#) || record.contains(#""eventName" : "DisassociateIamInstanceProfile""#), "\(record)")
        #expect(record.contains("bob@example.com") && record.contains("PlatformAdmin"), "the principal named: \(record)")
        #expect(record.contains("198.51.100.23"), "the source address: \(record)")
        #expect(try await DaemonHTTP.metric(port, #"rolesync_events_total{result="deleted"}"#) == 1)
        #expect(try await DaemonHTTP.metric(port, #"rolesync_events_total{result="accepted"}"#) == 1)

        // Still listening: a second change is repaired too.
        try await fleet.detachProfile(from: other)
        try await Self.send(Self.disassociation(of: other), to: queue, fleet)
        try await Poll.until(30, "the second instance repaired") { try await fleet.attachedProfiles()[other] == "app-ec2" }
        let malformed = try await Self.queued(queue, fleet)
        #expect(malformed.inFlight + malformed.visible >= 1, "the malformed message was never deleted: \(malformed)")
        #expect(daemon.isRunning, "\(daemon.stderr)")
        _ = try await daemon.terminate()
    }
}
