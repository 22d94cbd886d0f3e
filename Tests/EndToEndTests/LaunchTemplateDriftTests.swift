import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `rolesync drift` and `plan` against groups that launch from launch templates: a template
/// naming no profile and one naming the wrong one are found with the groups that use them, and
/// keys in a template version's user-data are found and never printed.
@Suite(.serialized) struct LaunchTemplateDriftTests {
    static let suite = "launch-templates"
    /// Built from parts so no whole key sits in the source.
    static let keyId = "AKIA" + "QYLPMN5HFIQR7XYZ"
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "9x7Hq2LmZp"

    /// Two templates and three groups: `bare` (no profile) used by `web-asg` ($Default),
    /// `other` (the db profile by ARN, keys in its user-data) used by `web-mixed` (pinned
    /// version 2 through a mixed instances policy) and `legacy` on a launch configuration.
    func seedGroups(_ world: World) async throws -> (bare: String, other: String) {
        let userData = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=\(Self.keyId)\nexport AWS_SECRET_ACCESS_KEY=\(Self.secret)\n"
        let output = try await world.fleet.server.runPython("""
            import base64, boto3
            ec2 = boto3.client("ec2")
            asg = boto3.client("autoscaling")
            bare = ec2.create_launch_template(LaunchTemplateName="bare", LaunchTemplateData={
                "ImageId": "ami-12c6146b"})["LaunchTemplate"]["LaunchTemplateId"]
            other = ec2.create_launch_template(LaunchTemplateName="other", LaunchTemplateData={
                "ImageId": "ami-12c6146b", "IamInstanceProfile": {"Name": "web-ec2"}})["LaunchTemplate"]["LaunchTemplateId"]
            ec2.create_launch_template_version(LaunchTemplateId=other, LaunchTemplateData={
                "ImageId": "ami-12c6146b", "IamInstanceProfile": {"Arn": "arn:aws:iam::123456789012:instance-profile/db-ec2"},
                "UserData": base64.b64encode(\(Self.pythonBytes(userData))).decode()})
            tags = [{"Key": "team", "Value": "web", "PropagateAtLaunch": True},
                    {"Key": "owner", "Value": "nobody", "PropagateAtLaunch": False}]
            asg.create_auto_scaling_group(AutoScalingGroupName="web-asg", MinSize=0, MaxSize=1, DesiredCapacity=0,
                AvailabilityZones=["us-east-1a"], LaunchTemplate={"LaunchTemplateId": bare}, Tags=tags)
            asg.create_auto_scaling_group(AutoScalingGroupName="web-mixed", MinSize=0, MaxSize=1, DesiredCapacity=0,
                AvailabilityZones=["us-east-1a"], Tags=tags, MixedInstancesPolicy={"LaunchTemplate": {
                    "LaunchTemplateSpecification": {"LaunchTemplateName": "other", "Version": "2"}}})
            asg.create_launch_configuration(LaunchConfigurationName="old-lc", ImageId="ami-12c6146b", InstanceType="t3.micro")
            asg.create_auto_scaling_group(AutoScalingGroupName="legacy", MinSize=0, MaxSize=1, DesiredCapacity=0,
                AvailabilityZones=["us-east-1a"], LaunchConfigurationName="old-lc", Tags=tags)
            print(bare, other)
            """)
        let ids = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return (ids[0], ids[1])
    }

    static func pythonBytes(_ text: String) -> String {
        "b\"" + text.replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    @Test func templatesWithoutAndWithTheWrongProfileAreFoundWithTheirGroups() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let instances = try await world.fleet.seed(
            profiles: [ProfileSeed("web-ec2", role: "web-app"), ProfileSeed("db-ec2", role: "db-app")],
            instances: [InstanceSeed("web", tags: ["team": "web"], profile: "web-ec2")])
        let templates = try await seedGroups(world)
        try await world.commit([
            "policy.yaml": ManifestText.policy(extra: ["scanUserData: true"]),
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
        ])

        let result = try await world.rolesync("drift", "--format", "json")
        #expect(result.exitCode == 0, "\(result.output)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let items = try #require(json["drift"] as? [[String: Any]])
        func subjectItems(_ kind: String) -> [[String: Any]] { items.filter { $0["kind"] as? String == kind } }

        let missing = try #require(subjectItems("template-missing-profile").first, "\(result.stdout)")
        let missingSubject = try #require(missing["subject"] as? [String: Any])
        #expect(missingSubject["id"] as? String == templates.bare)
        #expect(missingSubject["name"] as? String == "bare")
        #expect(missingSubject["version"] as? Int == 1)
        #expect(missingSubject["groups"] as? [String] == ["web-asg"])
        #expect(missing["instanceId"] is NSNull)
        #expect(missing["desired"] as? String == "arn:aws:iam::123456789012:instance-profile/web-ec2")

        let wrong = try #require(subjectItems("template-wrong-profile").first, "\(result.stdout)")
        let wrongSubject = try #require(wrong["subject"] as? [String: Any])
        #expect(wrongSubject["id"] as? String == templates.other)
        #expect(wrongSubject["version"] as? Int == 2)
        #expect(wrongSubject["groups"] as? [String] == ["web-mixed"])
        #expect(wrong["actual"] as? String == "arn:aws:iam::123456789012:instance-profile/db-ec2")

        let keys = subjectItems("embedded-credentials")
        #expect(!keys.isEmpty, "\(result.stdout)")
        #expect(keys.allSatisfy { ($0["subject"] as? [String: Any])?["id"] as? String == templates.other })
        #expect(keys.contains { $0["actual"] as? String == SecretMatch.redact(Self.keyId) })

        let legacy = try #require(subjectItems("launch-configuration").first, "\(result.stdout)")
        #expect((legacy["subject"] as? [String: Any])?["id"] as? String == "legacy")

        // The instance is in sync, and the counts are of instances only.
        let web = try #require(instances["web"])
        #expect(!items.contains { $0["instanceId"] as? String == web })
        #expect((json["summary"] as? [String: Any])?["drifted"] as? Int == 0)

        // Every format shows the templates; none shows the key.
        for format in ["text", "json", "markdown", "sarif", "junit", "html"] {
            let report = try await world.rolesync("drift", "--format", format)
            #expect(report.exitCode == 0, "\(format): \(report.output)")
            #expect(report.stdout.contains(templates.bare), "\(format)")
            #expect(report.stdout.contains(templates.other), "\(format)")
            #expect(!report.output.contains(Self.keyId), "\(format) printed the key id")
            #expect(!report.output.contains(Self.secret), "\(format) printed the secret")
        }

        // The plan blocks the template work, plans no change for it, and counts none toward maxChanges.
        let plan = try await world.plan()
        let blocked = plan.actions.filter { $0.subject != nil }
        #expect(blocked.compactMap { $0.subject?.id }.sorted() == [templates.bare, templates.other].sorted(), "\(plan.actions)")
        #expect(blocked.allSatisfy { $0.status == .blocked && $0.type == .manual })
        #expect(blocked.allSatisfy { $0.reason?.hasPrefix("launch template remediation is not enabled") == true })
        #expect(plan.mutations.isEmpty)
        let text = try await world.rolesync("plan")
        #expect(text.stdout.contains("launch template remediation is not enabled"), "\(text.output)")
        #expect(!text.output.contains(Self.keyId))
    }
}
