import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `apply` with `fixLaunchTemplates: true` against the emulator: templates naming no profile or
/// the wrong one get a new version naming the desired profile, reached by the groups that use
/// them ($Default moved, a pinned group moved), a second apply does nothing, and a template
/// whose groups want different profiles is never changed.
@Suite(.serialized) struct LaunchTemplateFixTests {
    static let suite = "launch-template-fixes"
    static let webArn = "arn:aws:iam::123456789012:instance-profile/web-ec2"

    /// What the emulator holds about a template and a group, as JSON from boto3.
    func read(_ world: World, template: String, group: String) async throws -> [String: Any] {
        let output = try await world.fleet.server.runPython("""
            import json, boto3
            ec2 = boto3.client("ec2")
            t = ec2.describe_launch_templates(LaunchTemplateIds=["\(template)"])["LaunchTemplates"][0]
            versions = ec2.describe_launch_template_versions(LaunchTemplateId="\(template)")["LaunchTemplateVersions"]
            g = boto3.client("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=["\(group)"])["AutoScalingGroups"][0]
            spec = g.get("LaunchTemplate") or g["MixedInstancesPolicy"]["LaunchTemplate"]["LaunchTemplateSpecification"]
            print(json.dumps({"default": t["DefaultVersionNumber"], "latest": t["LatestVersionNumber"],
                "profiles": {str(v["VersionNumber"]): v["LaunchTemplateData"].get("IamInstanceProfile", {}) for v in versions},
                "groupVersion": spec.get("Version", "$Default")}))
            """)
        return try #require(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    @Test func applyFixesTemplatesAtTheSourceOnceAndTheGroupsLaunchFromTheNewVersions() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        _ = try await world.fleet.seed(
            profiles: [ProfileSeed("web-ec2", role: "web-app"), ProfileSeed("db-ec2", role: "db-app")],
            instances: [InstanceSeed("web", tags: ["team": "web"], profile: "web-ec2")])
        let templates = try await LaunchTemplateDriftTests().seedGroups(world)
        try await world.commit([
            "policy.yaml": ManifestText.policy(extra: ["fixLaunchTemplates: true"]),
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
        ])

        // The plan: one change per template version, with the calls and no instance refresh.
        let plan = try await world.plan()
        let fixes = plan.actions.filter { $0.type == .updateLaunchTemplate }
        #expect(fixes.count == 2, "\(plan.actions)")
        #expect(fixes.allSatisfy { $0.status == .planned && $0.profile == Self.webArn }, "\(fixes)")
        #expect(plan.mutations.count == 2)
        let text = try await world.rolesync("plan")
        #expect(text.stdout.contains("CreateLaunchTemplateVersion \(templates.bare)"), "\(text.output)")
        #expect(text.stdout.contains("update-launch-template"), "\(text.output)")

        let apply = try await world.rolesync("apply", "--auto-approve")
        #expect(apply.exitCode == 0, "\(apply.output)")

        // web-asg follows $Default: version 2 names the profile and is the default now.
        let bare = try await read(world, template: templates.bare, group: "web-asg")
        #expect(bare["default"] as? Int == 2, "\(bare)")
        #expect((bare["profiles"] as? [String: [String: String]])?["2"]?["Arn"] == Self.webArn, "\(bare)")
        #expect(bare["groupVersion"] as? String == "$Default")
        // web-mixed pinned version 2 of `other`: pinned to the new version 3 now; the default stays.
        let other = try await read(world, template: templates.other, group: "web-mixed")
        #expect(other["latest"] as? Int == 3, "\(other)")
        #expect(other["default"] as? Int == 1, "\(other)")
        #expect((other["profiles"] as? [String: [String: String]])?["3"]?["Arn"] == Self.webArn, "\(other)")
        #expect(other["groupVersion"] as? String == "3", "\(other)")

        // Recorded like the others.
        let commits = try await world.decisionCommits()
        #expect(commits.count == 1)
        await #expect(try world.repo.git("log", "-1", "--format=%s", "rolesync/decisions").contains("2 templates updated"))

        // A second apply finds nothing to do and records nothing.
        let again = try await world.plan()
        #expect(!again.drift.contains { $0.kind == .templateMissingProfile || $0.kind == .templateWrongProfile }, "\(again.drift)")
        #expect(again.mutations.isEmpty, "\(again.actions)")
        let second = try await world.rolesync("apply", "--auto-approve")
        #expect(second.exitCode == 0, "\(second.output)")
        await #expect(try world.decisionCommits().count == 1)

        // What the group launches now comes from the new version; the emulator does not copy
        // the profile onto launched instances, so it is checked only where it is applied.
        let launched = try await world.fleet.server.runPython("""
            import json, boto3
            asg = boto3.client("autoscaling")
            asg.set_desired_capacity(AutoScalingGroupName="web-asg", DesiredCapacity=1)
            ids = [i["InstanceId"] for i in asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web-asg"])["AutoScalingGroups"][0]["Instances"]]
            ec2 = boto3.client("ec2")
            instance = ec2.describe_instances(InstanceIds=ids)["Reservations"][0]["Instances"][0]
            tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
            found = ec2.describe_iam_instance_profile_associations(Filters=[{"Name": "instance-id", "Values": ids}])
            print(json.dumps({"version": tags.get("aws:ec2launchtemplate:version"),
                "profiles": [a["IamInstanceProfile"]["Arn"] for a in found["IamInstanceProfileAssociations"]]}))
            """)
        let instance = try #require(JSONSerialization.jsonObject(with: Data(launched.utf8)) as? [String: Any])
        #expect(instance["version"] as? String == "2", "\(instance)")
        #expect((instance["profiles"] as? [String] ?? []).allSatisfy { $0 == Self.webArn }, "\(instance)")
    }

    @Test func aTemplateSharedByGroupsWantingDifferentProfilesIsBlockedAndNeverChanged() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        _ = try await world.fleet.seed(profiles: [ProfileSeed("web-ec2", role: "web-app"), ProfileSeed("db-ec2", role: "db-app")], instances: [])
        let template = try await world.fleet.server.runPython("""
            import boto3
            lt = boto3.client("ec2").create_launch_template(LaunchTemplateName="shared", LaunchTemplateData={
                "ImageId": "ami-12c6146b"})["LaunchTemplate"]["LaunchTemplateId"]
            asg = boto3.client("autoscaling")
            for name, team in [("web-asg", "web"), ("db-asg", "db")]:
                asg.create_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, MaxSize=1, DesiredCapacity=0,
                    AvailabilityZones=["us-east-1a"], LaunchTemplate={"LaunchTemplateId": lt},
                    Tags=[{"Key": "team", "Value": team, "PropagateAtLaunch": True}])
            print(lt)
            """).trimmingCharacters(in: .whitespacesAndNewlines)
        try await world.commit([
            "policy.yaml": ManifestText.policy(extra: ["fixLaunchTemplates: true"]),
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
            "db.yaml": ManifestText.assignment("db", tags: ["team": "db"], profile: "db-ec2"),
        ])

        let plan = try await world.plan()
        let blocked = try #require(plan.actions.first { $0.subject?.id == template }, "\(plan.actions)")
        #expect(blocked.status == .blocked)
        #expect(blocked.blockedBy == .desiredState(.conflict))
        #expect(plan.mutations.isEmpty)

        let apply = try await world.rolesync("apply", "--auto-approve")
        #expect(apply.exitCode == 0, "\(apply.output)")
        let state = try await read(world, template: template, group: "web-asg")
        #expect(state["latest"] as? Int == 1, "the template was changed: \(state)")
    }
}
