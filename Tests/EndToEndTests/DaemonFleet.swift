import Foundation
import TestSupport

/// A small fleet on a fresh emulator and a desired-state repository that assigns it a profile.
struct DaemonFleet {
    static let policy = policy(regions: ["us-east-1"])

    static func policy(regions: [String]) -> String {
        """
        apiVersion: rolesync.dev/v1
        kind: ReconcilePolicy
        metadata: {name: default}
        spec:
          regions: [\(regions.joined(separator: ", "))]
          mode: enforce
          unmanaged: report

        """
    }
    static let assignment = """
        apiVersion: rolesync.dev/v1
        kind: InstanceRoleAssignment
        metadata: {name: app}
        spec:
          selector: {tags: {team: app}}
          instanceProfile: app-ec2

        """
    /// An unknown field: the whole desired state is invalid and nothing may be acted on.
    static let invalid = """
        apiVersion: rolesync.dev/v1
        kind: InstanceRoleAssignment
        metadata: {name: broken}
        spec:
          selector: {tags: {team: app}}
          instanceProfile: app-ec2
          colour: blue

        """

    let moto: MotoServer
    let directory: TemporaryDirectory
    /// The working repository edits are committed in.
    let repository: GitFixture
    /// With `remote: true`, a bare repository the edits are pushed to and the daemon follows.
    let remote: GitFixture?
    let instances: [String]

    /// What `--repo` names: the working repository, or the remote as a `file://` URL.
    var repoArgument: String { remote?.fileURL ?? repository.path }

    /// `count` instances in each of `regions`.
    static func make(instances count: Int, remote: Bool = false, regions: [String] = ["us-east-1"]) async throws -> DaemonFleet {
        let moto = try await MotoServer.start()
        let output = try await moto.runPython("""
            import boto3, json
            iam = boto3.client("iam")
            trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=json.dumps(trust))
            iam.create_instance_profile(InstanceProfileName="app-ec2")
            iam.add_role_to_instance_profile(InstanceProfileName="app-ec2", RoleName="app-role")
            ids = []
            for region in [\(regions.map { "'\($0)'" }.joined(separator: ", "))]:
                ec2 = boto3.client("ec2", region_name=region)
                for _ in range(\(count)):
                    r = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, TagSpecifications=[
                        {"ResourceType": "instance", "Tags": [{"Key": "team", "Value": "app"}]}])
                    ids.append(r["Instances"][0]["InstanceId"])
            print(json.dumps(ids))
            """)
        let instances = try JSONDecoder().decode([String].self, from: Data(output.utf8))
        let directory = try TemporaryDirectory(prefix: "rolesync-daemon")
        let origin = remote ? try await GitFixture.create("origin.git", in: directory, bare: true) : nil
        let repository = if let origin {
            try await GitFixture.clone(origin.fileURL, as: "desired", in: directory)
        } else {
            try await GitFixture.create("desired", in: directory)
        }
        let fleet = DaemonFleet(moto: moto, directory: directory, repository: repository, remote: origin, instances: instances)
        try await fleet.commit(["policy.yaml": policy(regions: regions), "teams/app.yaml": assignment], message: "Desired instance roles")
        return fleet
    }

    /// Commits in the working repository, and pushes when there is a remote.
    func commit(_ files: [String: String], message: String) async throws {
        try await repository.commit(files, message: message)
        if remote != nil { try await repository.git("push", "--quiet", "origin", "HEAD:main") }
    }

    /// What the daemon needs to reach the emulator.
    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": moto.endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "XDG_CACHE_HOME": directory.url.appendingPathComponent("cache").path,
        ]
    }

    /// Instance id → attached profile name, for associated instances.
    func attachedProfiles(regions: [String] = ["us-east-1"]) async throws -> [String: String] {
        let output = try await moto.runPython("""
            import boto3, json
            found = {}
            for region in [\(regions.map { "'\($0)'" }.joined(separator: ", "))]:
                ec2 = boto3.client("ec2", region_name=region)
                for a in ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"]:
                    if a["State"] == "associated":
                        found[a["InstanceId"]] = a["IamInstanceProfile"]["Arn"].split("/")[-1]
            print(json.dumps(found))
            """)
        return try JSONDecoder().decode([String: String].self, from: Data(output.utf8))
    }

    /// Takes the profile off one instance, behind rolesync's back.
    func detachProfile(from instance: String, region: String = "us-east-1") async throws {
        try await moto.runPython("""
            import boto3
            ec2 = boto3.client("ec2", region_name="\(region)")
            for a in ec2.describe_iam_instance_profile_associations(
                    Filters=[{"Name": "instance-id", "Values": ["\(instance)"]}])["IamInstanceProfileAssociations"]:
                ec2.disassociate_iam_instance_profile(AssociationId=a["AssociationId"])
            """)
    }

    /// Subjects of the decision commits, newest first.
    func decisionCommits() async throws -> [String] {
        let log = try await (remote ?? repository).git("log", "--format=%s", "rolesync/decisions")
        return log.split(separator: "\n").map(String.init)
    }

    func stop() {
        moto.stop()
        directory.remove()
    }
}
