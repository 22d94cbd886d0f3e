import Foundation
import Testing
@testable import RoleSyncCore

/// CloudTrail management events as EventBridge delivers them (the documented shapes of each
/// watched call), with IAM user, assumed-role, SSO and AWS service principals; and the
/// messages that are not such an event.
@Suite struct ChangeEventParserTests {
    static func envelope(_ eventName: String, identity: String, request: String = "null", response: String = "null",
                         source: String = "aws.ec2") -> String {
        """
        {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "AWS API Call via CloudTrail",
         "source": "\(source)", "account": "123456789012", "time": "2026-12-01T10:15:02Z", "region": "us-east-1",
         "resources": [], "detail": {"eventVersion": "1.09", "userIdentity": \(identity),
           "eventTime": "2026-12-01T10:15:01Z", "eventSource": "ec2.amazonaws.com", "eventName": "\(eventName)",
           "awsRegion": "us-east-1", "sourceIPAddress": "198.51.100.23", "userAgent": "aws-cli/2.22.0",
           "requestParameters": \(request), "responseElements": \(response),
           "requestID": "b6a7c2d1", "eventID": "0d3c2c55", "readOnly": false, "eventType": "AwsApiCall",
           "managementEvent": true, "recipientAccountId": "123456789012", "eventCategory": "Management"}}
        """
    }

    static let iamUser = """
        {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": "arn:aws:iam::123456789012:user/alice",
         "accountId": "123456789012", "accessKeyId": "AKIAIOSFODNN7EXAMPLE", "userName": "alice"}
        """
    static let assumedRole = """
        {"type": "AssumedRole", "principalId": "AROAEXAMPLE:deploy-bot",
         "arn": "arn:aws:sts::123456789012:assumed-role/ci-deployer/deploy-bot", "accountId": "123456789012",
         "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE",
           "arn": "arn:aws:iam::123456789012:role/ci-deployer", "accountId": "123456789012", "userName": "ci-deployer"},
           "attributes": {"creationDate": "2026-12-01T10:00:00Z", "mfaAuthenticated": "false"}}}
        """
    static let sso = """
        {"type": "AssumedRole", "principalId": "AROAEXAMPLE:bob@example.com",
         "arn": "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_PlatformAdmin_0123456789abcdef/bob@example.com",
         "accountId": "123456789012", "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE",
           "arn": "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmin_0123456789abcdef",
           "accountId": "123456789012", "userName": "AWSReservedSSO_PlatformAdmin_0123456789abcdef"}}}
        """
    static let service = #"{"type": "AWSService", "invokedBy": "autoscaling.amazonaws.com"}"#

    @Test func aReplaceByAnIAMUserNamesTheInstanceFromItsAnswer() throws {
        let event = try ChangeEventParser.parse(Self.envelope(
            "ReplaceIamInstanceProfileAssociation", identity: Self.iamUser,
            request: #"{"ReplaceIamInstanceProfileAssociationRequest": {"AssociationId": "iip-assoc-0a1b2c3d4e5f60718", "IamInstanceProfile": {"Name": "admin-ec2"}}}"#,
            response: #"{"ReplaceIamInstanceProfileAssociationResponse": {"requestId": "b6a7c2d1", "iamInstanceProfileAssociation": {"associationId": "iip-assoc-0f1e2d3c4b5a69788", "instanceId": "i-0abcdef1234567890", "iamInstanceProfile": {"arn": "arn:aws:iam::123456789012:instance-profile/admin-ec2", "id": "AIPAEXAMPLE"}, "state": "associating"}}}"#))
        #expect(event.eventName == "ReplaceIamInstanceProfileAssociation")
        #expect(event.instanceIds == ["i-0abcdef1234567890"])
        #expect(event.principal == ChangePrincipal(kind: .iamUser, arn: "arn:aws:iam::123456789012:user/alice"))
        #expect(event.account == "123456789012" && event.region == "us-east-1")
        #expect(event.sourceIPAddress == "198.51.100.23" && event.userAgent == "aws-cli/2.22.0")
        #expect(event.eventTime == "2026-12-01T10:15:01Z")
        #expect(event.summary == "ReplaceIamInstanceProfileAssociation by arn:aws:iam::123456789012:user/alice at 2026-12-01T10:15:01Z from 198.51.100.23 (aws-cli/2.22.0)")
    }

    @Test func anAssumedRoleSessionIsNamedWithItsRole() throws {
        let event = try ChangeEventParser.parse(Self.envelope(
            "AssociateIamInstanceProfile", identity: Self.assumedRole,
            request: #"{"AssociateIamInstanceProfileRequest": {"InstanceId": "i-0123456789abcdef0", "IamInstanceProfile": {"Name": "web-ec2"}}}"#))
        #expect(event.instanceIds == ["i-0123456789abcdef0"])
        #expect(event.principal.kind == .assumedRole)
        #expect(event.principal.description == "deploy-bot (role arn:aws:iam::123456789012:role/ci-deployer)")
    }

    @Test func anSSOSessionNamesTheUserAndThePermissionSet() throws {
        let event = try ChangeEventParser.parse(Self.envelope(
            "DisassociateIamInstanceProfile", identity: Self.sso,
            request: #"{"DisassociateIamInstanceProfileRequest": {"AssociationId": "iip-assoc-0a1b2c3d4e5f60718"}}"#,
            response: #"{"DisassociateIamInstanceProfileResponse": {"iamInstanceProfileAssociation": {"instanceId": "i-0fedcba9876543210", "state": "disassociating"}}}"#))
        #expect(event.principal.kind == .sso)
        #expect(event.principal.permissionSet == "PlatformAdmin")
        #expect(event.principal.sessionName == "bob@example.com")
        #expect(event.principal.description == "bob@example.com (SSO, permission set PlatformAdmin)")
        #expect(event.instanceIds == ["i-0fedcba9876543210"])
    }

    @Test func runInstancesByAServiceNamesEveryInstanceLaunched() throws {
        let event = try ChangeEventParser.parse(Self.envelope(
            "RunInstances", identity: Self.service,
            request: #"{"instancesSet": {"items": [{"minCount": 2, "maxCount": 2}]}, "launchTemplate": {"launchTemplateId": "lt-0abc1234def567890", "version": "3"}}"#,
            response: #"{"instancesSet": {"items": [{"instanceId": "i-0aaaaaaaaaaaaaaa1"}, {"instanceId": "i-0aaaaaaaaaaaaaaa2"}, {"instanceId": "i-0aaaaaaaaaaaaaaa1"}]}}"#))
        #expect(event.instanceIds == ["i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2"])
        #expect(event.launchTemplates == ["lt-0abc1234def567890"])
        #expect(event.principal == ChangePrincipal(kind: .awsService, arn: "autoscaling.amazonaws.com"))
        #expect(event.principal.description == "AWS service autoscaling.amazonaws.com")
    }

    @Test func templateAndGroupChangesNameTheirTemplateAndGroup() throws {
        let modify = try ChangeEventParser.parse(Self.envelope(
            "ModifyLaunchTemplate", identity: Self.iamUser,
            request: #"{"ModifyLaunchTemplateRequest": {"LaunchTemplateId": "lt-0abc1234def567890", "SetDefaultVersion": "4"}}"#))
        let group = try ChangeEventParser.parse(Self.envelope(
            "UpdateAutoScalingGroup", identity: Self.assumedRole,
            request: #"{"autoScalingGroupName": "web-asg", "launchTemplate": {"launchTemplateName": "web", "version": "$Latest"}}"#,
            source: "aws.autoscaling"))
        #expect(modify.launchTemplates == ["lt-0abc1234def567890"] && modify.instanceIds.isEmpty)
        #expect(group.autoScalingGroups == ["web-asg"] && group.launchTemplates == ["web"])
    }

    @Test(arguments: [
        ("not json", ChangeEventError.malformed("not a JSON object")),
        ("[1, 2]", .malformed("not a JSON object")),
        (#"{"hello": "world"}"#, .malformed("no detail-type or source: not an EventBridge event")),
        (#"{"detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2", "detail": {}}"#,
         .foreign("detail-type \"EC2 Instance State-change Notification\"")),
        (#"{"detail-type": "AWS API Call via CloudTrail", "source": "aws.s3", "detail": {}}"#, .foreign("source aws.s3")),
        (#"{"detail-type": "AWS API Call via CloudTrail", "source": "aws.ec2"}"#, .malformed("no detail object")),
        (#"{"detail-type": "AWS API Call via CloudTrail", "source": "aws.ec2", "detail": {"eventName": "StopInstances"}}"#,
         .foreign("event StopInstances")),
        (#"{"detail-type": "AWS API Call via CloudTrail", "source": "aws.ec2", "detail": {"eventName": "RunInstances"}}"#,
         .malformed("no detail.userIdentity")),
    ])
    func messagesThatAreNotAWatchedChangeAreRefusedSayingWhy(_ body: String, _ expected: ChangeEventError) {
        #expect(throws: expected) { try ChangeEventParser.parse(body) }
    }

    @Test func aBodyOverSQSLimitIsRefusedBeforeParsing() {
        let big = String(repeating: " ", count: ChangeEventParser.maxBodyBytes + 1)
        #expect(throws: ChangeEventError.malformed("262145 bytes, over the 262144-byte limit")) { try ChangeEventParser.parse(big) }
    }

    @Test func deepNestingAndLookalikeIdsNameNoInstance() throws {
        let deep = String(repeating: #"{"a": "#, count: 60) + #"{"instanceId": "i-0123456789abcdef0"}"# + String(repeating: "}", count: 60)
        let event = try ChangeEventParser.parse(Self.envelope(
            "RunInstances", identity: Self.iamUser, request: deep,
            response: #"{"instanceId": "i-NOTHEX", "other": {"instanceId": "i-0ABCDEF1234567890"}}"#))
        #expect(event.instanceIds.isEmpty)
    }

    @Test func textFromTheEventIsMadeSafeToPrintAndBounded() throws {
        let long = String(repeating: "x", count: 2000)
        let identity = #"{"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/\#(long)"}"#
        let body = Self.envelope("AssociateIamInstanceProfile", identity: identity,
                                 request: #"{"InstanceId": "i-0123456789abcdef0"}"#)
            .replacingOccurrences(of: "aws-cli/2.22.0", with: #"aws-cli\u001b[31m\nforged: line"#)
        let event = try ChangeEventParser.parse(body)
        #expect(event.userAgent == "aws-cli[31mforged: line", "escape and newline dropped")
        #expect(event.principal.arn.count == ChangeEventParser.maxFieldCharacters)
        #expect(!event.summary.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }
}
