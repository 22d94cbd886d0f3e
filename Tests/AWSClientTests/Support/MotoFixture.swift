import AWSClient
import Foundation
import TestSupport

/// The emulator shared by the AWS tests: started once per test run with signature checking
/// on. The first three requests (unchecked) create an administrator user; everything after
/// is signed with real keys. Tests never reset it: each works in its own region and with its
/// own IAM names, so they can run in parallel.
actor SharedMoto {
    static let shared = SharedMoto()
    private var starting: Task<MotoFixture, any Error>?

    func fixture() async throws -> MotoFixture {
        if let starting { return try await starting.value }
        let task = Task { try await MotoFixture.bootstrap() }
        starting = task
        return try await task.value
    }
}

struct MotoFixture: Sendable {
    let server: MotoServer
    let admin: AWSCredentials
    static let account = "123456789012"
    static let imageId = "ami-12c6146b"

    static func bootstrap() async throws -> MotoFixture {
        let server = try await MotoServer.start(initialNoAuthActionCount: 3)
        let output = try await server.runPython("""
            import boto3, json
            iam = boto3.client("iam")
            iam.create_user(UserName="rolesync-admin")
            key = iam.create_access_key(UserName="rolesync-admin")["AccessKey"]
            iam.put_user_policy(UserName="rolesync-admin", PolicyName="all", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
            print(key["AccessKeyId"], key["SecretAccessKey"])
            """)
        let parts = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard parts.count == 2 else { throw MotoServerError(reason: "bootstrap printed \(output)") }
        return MotoFixture(server: server, admin: AWSCredentials(accessKeyId: parts[0], secretAccessKey: parts[1]))
    }

    /// Runs a boto3 snippet as the administrator.
    @discardableResult
    func python(_ script: String, region: String = "us-east-1") async throws -> String {
        try await server.runPython("import boto3, json\n" + script, environment: [
            "AWS_ACCESS_KEY_ID": admin.accessKeyId, "AWS_SECRET_ACCESS_KEY": admin.secretAccessKey,
            "AWS_DEFAULT_REGION": region,
        ])
    }

    /// Launches `count` instances, one reservation each (the emulator pages by reservation),
    /// optionally with a profile. Returns their ids in launch order.
    func launchInstances(region: String, count: Int, profile: String? = nil, tags: [String: String] = [:]) async throws
        -> [String]
    {
        let profileArgument = profile.map { ", IamInstanceProfile={\"Name\": \"\($0)\"}" } ?? ""
        let tagList = tags.map { "{\"Key\": \"\($0.key)\", \"Value\": \"\($0.value)\"}" }.joined(separator: ", ")
        let tagArgument = tags.isEmpty ? "" :
            ", TagSpecifications=[{\"ResourceType\": \"instance\", \"Tags\": [\(tagList)]}]"
        let output = try await python("""
            ec2 = boto3.client("ec2")
            for _ in range(\(count)):
                r = ec2.run_instances(ImageId="\(Self.imageId)", MinCount=1, MaxCount=1\(profileArgument)\(tagArgument))
                print(r["Instances"][0]["InstanceId"])
            """, region: region)
        return output.split(separator: "\n").map(String.init)
    }

    /// Creates a role (trusting the account, allowed everything) and a profile holding it.
    func createInstanceProfile(name: String, roleName: String) async throws -> (profileArn: String, roleArn: String) {
        let output = try await python("""
            iam = boto3.client("iam")
            trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
            role = iam.create_role(RoleName="\(roleName)", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
            iam.put_role_policy(RoleName="\(roleName)", PolicyName="all", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
            profile = iam.create_instance_profile(InstanceProfileName="\(name)")["InstanceProfile"]
            iam.add_role_to_instance_profile(InstanceProfileName="\(name)", RoleName="\(roleName)")
            print(profile["Arn"], role["Arn"])
            """)
        let parts = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return (parts[0], parts[1])
    }

    /// A new IAM user with an access key and a policy allowing everything.
    func createUser(name: String) async throws -> AWSCredentials {
        let output = try await python("""
            iam = boto3.client("iam")
            iam.create_user(UserName="\(name)")
            iam.put_user_policy(UserName="\(name)", PolicyName="all", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
            key = iam.create_access_key(UserName="\(name)")["AccessKey"]
            print(key["AccessKeyId"], key["SecretAccessKey"])
            """)
        let parts = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return AWSCredentials(accessKeyId: parts[0], secretAccessKey: parts[1])
    }

    /// Clients for one test: a fresh transport with its own request counter.
    func clients(region: String, credentials: AWSCredentials? = nil) throws -> AWSTestClients {
        try AWSTestClients(endpoint: server.endpoint, region: region, credentials: credentials ?? admin)
    }
}

/// EC2, IAM, STS and Auto Scaling clients against one endpoint, sharing a transport that counts requests.
struct AWSTestClients: Sendable {
    let metrics = RequestMetrics()
    let transport: QueryTransport
    let ec2: EC2Client
    let iam: IAMClient
    let sts: STSClient
    let autoScaling: AutoScalingClient
    let endpoints: EndpointResolver

    /// A refused connection is retried inside the HTTP client until the connect timeout,
    /// so tests use a short one: loopback connects take milliseconds.
    init(endpoint: String, region: String, credentials: AWSCredentials, pageSize: Int = 1000) throws {
        transport = QueryTransport(configuration: TransportConfiguration(connectTimeout: .seconds(2)), metrics: metrics)
        endpoints = EndpointResolver(environment: ["AWS_ENDPOINT_URL": endpoint])
        let provider = StaticCredentialProvider(credentials)
        let policy = RequestPolicy()
        ec2 = EC2Client(
            region: region, endpoint: try endpoints.endpoint(for: .ec2, region: region), credentials: provider,
            policy: policy, account: MotoFixture.account, transport: transport, pageSize: pageSize)
        iam = IAMClient(
            endpoint: try endpoints.endpoint(for: .iam, region: region), credentials: provider, policy: policy,
            account: MotoFixture.account, transport: transport)
        sts = STSClient(
            endpoint: try endpoints.endpoint(for: .sts, region: region), credentials: provider, policy: policy,
            account: MotoFixture.account, transport: transport)
        autoScaling = AutoScalingClient(
            region: region, endpoint: try endpoints.endpoint(for: .autoscaling, region: region), credentials: provider,
            policy: policy, account: MotoFixture.account, transport: transport, pageSize: min(pageSize, 100))
    }

    func shutdown() async {
        try? await transport.shutdown()
    }
}
