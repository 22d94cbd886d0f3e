import Foundation
import TestSupport

/// What an administrator sets up before rolesync runs: instance profiles whose roles live
/// under the path the policy may pass (`/rolesync-managed/`), the fleet, and the IAM user
/// `rolesync` with exactly one managed policy (the document under test) and an access key.
/// Optionally a member account with its `rolesync` role holding the same document.
struct EnforcedSeed: Encodable {
    /// The path `iam:PassRole` is limited to in the shipped policy.
    static let rolePath = "/rolesync-managed/"

    var profiles: [ProfileSeed]
    var instances: [InstanceSeed]
    /// The policy document attached to the user (and the member role), as JSON text.
    var policy: String
    /// A member account whose `rolesync` role is created, trusted and given `policy`.
    var memberAccount: String?
    /// The trust policy of the member role, as JSON text.
    var memberTrust: String?

    func run(on server: MotoServer) async throws -> SeededFleet {
        let request = String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        let output = try await server.runPython(
            Self.script, environment: ["SEED_REQUEST": request, "SEED_ROLE_PATH": Self.rolePath])
        return try JSONDecoder().decode(SeededFleet.self, from: Data(output.utf8))
    }

    static let script = """
        import json, os, boto3
        request = json.loads(os.environ["SEED_REQUEST"])
        path = os.environ["SEED_ROLE_PATH"]
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
        iam = boto3.client("iam")
        for profile in request["profiles"]:
            iam.create_instance_profile(InstanceProfileName=profile["name"], Path=path)
            if profile.get("role"):
                iam.create_role(RoleName=profile["role"], Path=path, AssumeRolePolicyDocument=trust)
                iam.add_role_to_instance_profile(InstanceProfileName=profile["name"], RoleName=profile["role"])
        ids = {}
        for spec in request["instances"]:
            ec2 = boto3.client("ec2", region_name=spec["region"])
            args = dict(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro")
            if spec["tags"]:
                args["TagSpecifications"] = [{"ResourceType": "instance",
                    "Tags": [{"Key": k, "Value": v} for k, v in sorted(spec["tags"].items())]}]
            if spec.get("userData"):
                args["UserData"] = spec["userData"]
            instance_id = ec2.run_instances(**args)["Instances"][0]["InstanceId"]
            if spec.get("profile"):
                ec2.associate_iam_instance_profile(InstanceId=instance_id, IamInstanceProfile={"Name": spec["profile"]})
            if spec["stopped"]:
                ec2.stop_instances(InstanceIds=[instance_id])
            ids[spec["key"]] = instance_id
        # A group launching from a template that names the desired profile: in sync, but read.
        ec2 = boto3.client("ec2", region_name="us-east-1")
        template = ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={
            "ImageId": "ami-12c6146b", "IamInstanceProfile": {"Name": "web-ec2"}})["LaunchTemplate"]
        boto3.client("autoscaling", region_name="us-east-1").create_auto_scaling_group(
            AutoScalingGroupName="web", MinSize=0, MaxSize=1, DesiredCapacity=0, AvailabilityZones=["us-east-1a"],
            LaunchTemplate={"LaunchTemplateId": template["LaunchTemplateId"]},
            Tags=[{"Key": "team", "Value": "web", "PropagateAtLaunch": True}])
        # Two groups launching from templates naming no profile, fixed at the source with
        # fixLaunchTemplates: one follows $Default (a new version, then ModifyLaunchTemplate),
        # one pins version 1 (a new version, then UpdateAutoScalingGroup).
        for name, version in [("web-default", None), ("web-pinned", "1")]:
            bare = ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={"ImageId": "ami-12c6146b"})
            spec = {"LaunchTemplateId": bare["LaunchTemplate"]["LaunchTemplateId"]}
            if version:
                spec["Version"] = version
            boto3.client("autoscaling", region_name="us-east-1").create_auto_scaling_group(
                AutoScalingGroupName=name, MinSize=0, MaxSize=1, DesiredCapacity=0, AvailabilityZones=["us-east-1a"],
                LaunchTemplate=spec, Tags=[{"Key": "team", "Value": "web", "PropagateAtLaunch": True}])
        iam.create_user(UserName="rolesync")
        arn = iam.create_policy(PolicyName="rolesync", PolicyDocument=request["policy"])["Policy"]["Arn"]
        iam.attach_user_policy(UserName="rolesync", PolicyArn=arn)
        key = iam.create_access_key(UserName="rolesync")["AccessKey"]
        if request.get("memberAccount"):
            c = boto3.client("sts").assume_role(
                RoleArn="arn:aws:iam::%s:role/rolesync" % request["memberAccount"], RoleSessionName="seed")["Credentials"]
            member = boto3.client("iam", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                aws_session_token=c["SessionToken"])
            member.create_role(RoleName="rolesync", AssumeRolePolicyDocument=request["memberTrust"])
            member_arn = member.create_policy(PolicyName="rolesync", PolicyDocument=request["policy"])["Policy"]["Arn"]
            member.attach_role_policy(RoleName="rolesync", PolicyArn=member_arn)
        print(json.dumps({"instances": ids, "accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}))
        """
}

/// What seeding made: instance ids by the test's key, and the user's access key.
struct SeededFleet: Decodable, Sendable {
    var instances: [String: String]
    var accessKeyId: String
    var secretAccessKey: String
}
