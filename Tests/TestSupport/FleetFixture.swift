import Foundation

/// An instance profile to create, with the role it holds (nil: a profile without a role).
public struct ProfileSeed: Sendable, Hashable, Codable {
    public var name: String
    public var role: String?

    public init(_ name: String, role: String?) {
        self.name = name
        self.role = role
    }
}

/// An instance to launch: `key` is the test's own name for it, mapped to the real id on seeding.
public struct InstanceSeed: Sendable, Hashable, Codable {
    public var key: String
    public var region: String
    public var tags: [String: String]
    /// The profile associated after launch, by name.
    public var profile: String?
    /// Stopped after launch (and after the association).
    public var stopped: Bool
    /// User-data given at launch, as plain text.
    public var userData: String?

    public init(
        _ key: String, region: String = "us-east-1", tags: [String: String] = [:], profile: String? = nil,
        stopped: Bool = false, userData: String? = nil
    ) {
        self.key = key
        self.region = region
        self.tags = tags
        self.profile = profile
        self.stopped = stopped
        self.userData = userData
    }
}

/// Seeds and inspects a fleet in the emulator with boto3, in one account: the default one, or
/// another reached by assuming `roleArn` (the emulator gives each account its own world).
///
/// Every call is one Python run, so a whole fleet is seeded in one go rather than one process
/// per instance.
public struct FleetFixture: Sendable {
    public let server: MotoServer
    /// When set, every call works in the account of this role, through `AssumeRole`.
    public let roleArn: String?

    public init(server: MotoServer, roleArn: String? = nil) {
        self.server = server
        self.roleArn = roleArn
    }

    /// Creates the profiles (and their roles), launches the instances, associates and stops
    /// them as asked; returns each instance's id by its key.
    @discardableResult
    public func seed(profiles: [ProfileSeed] = [], instances: [InstanceSeed]) async throws -> [String: String] {
        struct Request: Encodable { var profiles: [ProfileSeed]; var instances: [InstanceSeed] }
        let output = try await run("seed", Request(profiles: profiles, instances: instances))
        return try JSONDecoder().decode([String: String].self, from: Data(output.utf8))
    }

    /// The active associations of `region`: instance id → profile name.
    public func associations(region: String = "us-east-1") async throws -> [String: String] {
        struct Request: Encodable { var region: String }
        let output = try await run("associations", Request(region: region))
        return try JSONDecoder().decode([String: String].self, from: Data(output.utf8))
    }

    /// Associates `profile` with the instance, or swaps its current profile for `profile`
    /// (`ReplaceIamInstanceProfileAssociation`), or removes it when `profile` is nil: a change
    /// made by someone other than rolesync.
    public func setProfile(_ profile: String?, of instanceId: String, region: String = "us-east-1") async throws {
        struct Request: Encodable { var region: String; var instanceId: String; var profile: String? }
        try await run("set-profile", Request(region: region, instanceId: instanceId, profile: profile))
    }

    /// Stops a running instance: the state change someone else makes between plan and apply.
    public func stop(_ instanceId: String, region: String = "us-east-1") async throws {
        struct Request: Encodable { var region: String; var instanceId: String }
        try await run("stop", Request(region: region, instanceId: instanceId))
    }

    @discardableResult
    private func run(_ command: String, _ request: some Encodable) async throws -> String {
        var environment = ["FLEET_COMMAND": command, "FLEET_REQUEST": String(decoding: try JSONEncoder().encode(request), as: UTF8.self)]
        if let roleArn { environment["FLEET_ROLE_ARN"] = roleArn }
        return try await server.runPython(Self.script, environment: environment)
    }

    /// The boto3 side. An Amazon Linux image id the emulator knows in every region.
    static let script = """
        import json, os, boto3
        command = os.environ["FLEET_COMMAND"]
        request = json.loads(os.environ["FLEET_REQUEST"])
        session = {}
        if os.environ.get("FLEET_ROLE_ARN"):
            sts = boto3.client("sts")
            c = sts.assume_role(RoleArn=os.environ["FLEET_ROLE_ARN"], RoleSessionName="fleet-fixture")["Credentials"]
            session = dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                           aws_session_token=c["SessionToken"])
        def client(service, region="us-east-1"):
            return boto3.client(service, region_name=region, **session)
        def active(ec2, instance_id=None):
            filters = [{"Name": "instance-id", "Values": [instance_id]}] if instance_id else []
            pages = ec2.get_paginator("describe_iam_instance_profile_associations").paginate(Filters=filters)
            return [a for page in pages for a in page["IamInstanceProfileAssociations"]
                    if a["State"] in ("associating", "associated")]
        if command == "seed":
            iam = client("iam")
            trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
            for profile in request["profiles"]:
                iam.create_instance_profile(InstanceProfileName=profile["name"])
                if profile.get("role"):
                    iam.create_role(RoleName=profile["role"], AssumeRolePolicyDocument=trust)
                    iam.add_role_to_instance_profile(InstanceProfileName=profile["name"], RoleName=profile["role"])
            ids = {}
            for spec in request["instances"]:
                ec2 = client("ec2", spec["region"])
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
            print(json.dumps(ids))
        elif command == "associations":
            ec2 = client("ec2", request["region"])
            print(json.dumps({a["InstanceId"]: a["IamInstanceProfile"]["Arn"].split("/")[-1] for a in active(ec2)}))
        elif command == "set-profile":
            ec2 = client("ec2", request["region"])
            current = active(ec2, request["instanceId"])
            profile = request.get("profile")
            if profile and current:
                ec2.replace_iam_instance_profile_association(
                    AssociationId=current[0]["AssociationId"], IamInstanceProfile={"Name": profile})
            elif profile:
                ec2.associate_iam_instance_profile(InstanceId=request["instanceId"], IamInstanceProfile={"Name": profile})
            elif current:
                ec2.disassociate_iam_instance_profile(AssociationId=current[0]["AssociationId"])
        elif command == "stop":
            client("ec2", request["region"]).stop_instances(InstanceIds=[request["instanceId"]])
        else:
            raise SystemExit("unknown command " + command)
        """
}
