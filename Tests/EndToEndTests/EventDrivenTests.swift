import Foundation
import Testing
import TestSupport

/// `rolesync run --events-queue`: CloudTrail change events (EventBridge's envelope, as its rule
/// puts them on SQS) on the emulator's queue, after the change they describe is made behind
/// rolesync's back. The daemon (interval one hour, so only the event can start a converge)
/// repairs the instance within seconds (and only the instance the event names), names who made
/// the change in the decision record, and deletes the message; a malformed message is left on
/// the queue and does not stop the loop.
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

    /// A queue on the emulator and a daemon following the fleet's repository and long-polling
    /// the queue for a second; its interval is an hour, so only events start converges.
    static func listeningDaemon(_ fleet: DaemonFleet) async throws -> (queue: String, daemon: DaemonProcess, port: Int) {
        let queue = try await fleet.moto.runPython("""
            import boto3
            print(boto3.client("sqs").create_queue(QueueName="rolesync-events")["QueueUrl"])
            """).trimmingCharacters(in: .whitespacesAndNewlines)
        let daemon = try DaemonProcess(
            ["run", "--repo", fleet.repoArgument, "--listen", "127.0.0.1:0", "--interval", "1h", "--drift-interval", "1h",
             "--events-queue", queue, "--events-wait", "1s"],
            environment: fleet.environment)
        return (queue, daemon, try await daemon.listenPort())
    }

    @Test func anEventRepairsTheInstanceAtOnceNamesWhoChangedItAndIsDeleted() async throws {
        let fleet = try await DaemonFleet.make(instances: 2)
        defer { fleet.stop() }
        let (queue, daemon, port) = try await Self.listeningDaemon(fleet)
        try await Poll.until(60, "the first converge") { try await fleet.attachedProfiles().count == 2 }

        // A malformed message first: counted, left on the queue, and the loop goes on.
        try await Self.send("this is not an event", to: queue, fleet)
        _ = try await DaemonHTTP.waitForMetric(port, #"rolesync_events_total{result="malformed"}"#, atLeast: 1)

        let (changed, other) = (fleet.instances[0], fleet.instances[1])
        try await fleet.detachProfile(from: changed)
        try await fleet.detachProfile(from: other) // a change no event names yet
        let sent = ContinuousClock.now
        try await Self.send(Self.disassociation(of: changed), to: queue, fleet)
        let repair = try await Poll.until(30, "the instance the event names repaired") {
            try await fleet.attachedProfiles()[changed] == "app-ec2"
        }
        print("event-figures: event on the queue to instance repaired: \(repair) (1 s long poll, debug build)")
        #expect(ContinuousClock.now - sent < .seconds(10), "within seconds (5 s target, room for a loaded machine)")
        _ = try await DaemonHTTP.waitForMetric(port, #"rolesync_event_converges_total{result="success"}"#, atLeast: 1)
        #expect(try await fleet.attachedProfiles()[other] == nil, "an event converge acts only on what its events name")

        try await Poll.until(30, "the event's message deleted, the malformed one still in flight") {
            let queued = try await Self.queued(queue, fleet)
            return queued.visible == 0 && queued.inFlight == 1
        }
        let record = try await Self.latestRecord(fleet)
        #expect(record.contains(#""eventName":"DisassociateIamInstanceProfile""#) || record.contains(#""eventName" : "DisassociateIamInstanceProfile""#), "\(record)")
        #expect(record.contains("bob@example.com") && record.contains("PlatformAdmin"), "the principal named: \(record)")
        #expect(record.contains("198.51.100.23"), "the source address: \(record)")
        let message = try await fleet.repository.git("log", "-1", "--format=%B", "rolesync/decisions")
        #expect(message.contains("\(changed) missing: DisassociateIamInstanceProfile by bob@example.com"), "\(message)")
        #expect(try await DaemonHTTP.metric(port, #"rolesync_events_total{result="deleted"}"#) == 1)
        #expect(try await DaemonHTTP.metric(port, #"rolesync_events_total{result="accepted"}"#) == 1)

        // Still listening: the second change's event repairs it too.
        try await Self.send(Self.disassociation(of: other), to: queue, fleet)
        try await Poll.until(30, "the second instance repaired") { try await fleet.attachedProfiles()[other] == "app-ec2" }
        let malformed = try await Self.queued(queue, fleet)
        #expect(malformed.inFlight + malformed.visible >= 1, "the malformed message was never deleted: \(malformed)")
        #expect(daemon.isRunning, "\(daemon.stderr)")
        _ = try await daemon.terminate()
    }

    /// An EventBridge envelope of `eventName` by `identity`, naming `instance` in its answer.
    static func envelope(_ eventName: String, identity: String, request: String, instance: String) -> String {
        """
        {"version": "0", "id": "\(UUID().uuidString.lowercased())", "detail-type": "AWS API Call via CloudTrail",
         "source": "aws.ec2", "account": "123456789012", "time": "2026-12-01T11:00:02Z", "region": "us-east-1",
         "resources": [], "detail": {"eventVersion": "1.09", "userIdentity": \(identity),
           "eventTime": "2026-12-01T11:00:01Z", "eventSource": "ec2.amazonaws.com", "eventName": "\(eventName)",
           "awsRegion": "us-east-1", "sourceIPAddress": "autoscaling.amazonaws.com", "userAgent": "autoscaling.amazonaws.com",
           "requestParameters": \(request),
           "responseElements": {"requestId": "5b1b7f3e", "instancesSet": {"items": [{"instanceId": "\(instance)",
             "iamInstanceProfileAssociation": {"instanceId": "\(instance)"}}]}},
           "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "123456789012"}}
        """
    }

    /// A `RunInstances` by AWS Auto Scaling (a service principal) naming an instance launched
    /// without a profile, then a `ReplaceIamInstanceProfileAssociation` by an assumed-role session
    /// that swapped another profile in: each is repaired by the event converge it starts, and the
    /// decision commits name the service and the session.
    @Test func aLaunchByAServiceAndAReplaceByAnAssumedRoleAreRepairedAndNamed() async throws {
        let fleet = try await DaemonFleet.make(instances: 1)
        defer { fleet.stop() }
        let (queue, daemon, _) = try await Self.listeningDaemon(fleet)
        let existing = fleet.instances[0]
        try await Poll.until(60, "the first converge") { try await fleet.attachedProfiles()[existing] == "app-ec2" }

        let launched = try await fleet.moto.runPython("""
            import boto3
            r = boto3.client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, TagSpecifications=[
                {"ResourceType": "instance", "Tags": [{"Key": "team", "Value": "app"}]}])
            print(r["Instances"][0]["InstanceId"])
            """).trimmingCharacters(in: .whitespacesAndNewlines)
        try await Self.send(Self.envelope(
            "RunInstances", identity: #"{"type": "AWSService", "invokedBy": "autoscaling.amazonaws.com"}"#,
            request: #"{"launchTemplate": {"launchTemplateId": "lt-0abcdef1234567890", "version": "$Default"}, "minCount": 1, "maxCount": 1}"#,
            instance: launched), to: queue, fleet)
        try await Poll.until(30, "the launched instance given its profile") { try await fleet.attachedProfiles()[launched] == "app-ec2" }

        try await fleet.moto.runPython("""
            import boto3
            iam = boto3.client("iam")
            iam.create_instance_profile(InstanceProfileName="other-ec2")
            iam.add_role_to_instance_profile(InstanceProfileName="other-ec2", RoleName="app-role")
            ec2 = boto3.client("ec2")
            a = ec2.describe_iam_instance_profile_associations(
                Filters=[{"Name": "instance-id", "Values": ["\(existing)"]}])["IamInstanceProfileAssociations"][0]
            ec2.replace_iam_instance_profile_association(AssociationId=a["AssociationId"], IamInstanceProfile={"Name": "other-ec2"})
            """)
        #expect(try await fleet.attachedProfiles()[existing] == "other-ec2")
        let session = """
            {"type": "AssumedRole", "principalId": "AROAEXAMPLE:deploy-bot",
             "arn": "arn:aws:sts::123456789012:assumed-role/ci-deployer/deploy-bot", "accountId": "123456789012",
             "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::123456789012:role/ci-deployer",
               "userName": "ci-deployer"}}}
            """
        try await Self.send(Self.envelope(
            "ReplaceIamInstanceProfileAssociation", identity: session,
            request: #"{"ReplaceIamInstanceProfileAssociationRequest": {"IamInstanceProfile": {"Name": "other-ec2"}}}"#,
            instance: existing), to: queue, fleet)
        try await Poll.until(30, "the swapped profile replaced back") { try await fleet.attachedProfiles()[existing] == "app-ec2" }

        try await Poll.until(30, "both messages deleted, so both decisions recorded") {
            let queued = try await Self.queued(queue, fleet)
            return queued.visible == 0 && queued.inFlight == 0
        }
        let messages = try await fleet.repository.git("log", "--format=%B", "rolesync/decisions")
        #expect(messages.contains("\(launched) missing: RunInstances by AWS service autoscaling.amazonaws.com"), "\(messages)")
        #expect(messages.contains("\(existing) wrong: ReplaceIamInstanceProfileAssociation by deploy-bot (role arn:aws:iam::123456789012:role/ci-deployer)"),
                "\(messages)")
        #expect(daemon.isRunning, "\(daemon.stderr)")
        _ = try await daemon.terminate()
    }
}
