import Foundation
import TestSupport

/// An emulator with signature checking on, so the keys the binary finds really decide the
/// answer. Its first five requests (unchecked) create the user `whoami-user` with an access key
/// and the instance role `rolesync-e2e-node`, both allowed everything; every later request must
/// be signed. The user then assumes the role (its trust policy names the user: the emulator does
/// not read an account's root as "anyone in the account"), standing in for EC2, to get the
/// session credentials the metadata server hands out. Started once for the whole suite.
actor WhoAmIEmulator {
    static let shared = WhoAmIEmulator()
    private var starting: Task<WhoAmIFixture, any Error>?

    func fixture() async throws -> WhoAmIFixture {
        if let starting { return try await starting.value }
        let task = Task { try await WhoAmIFixture.bootstrap() }
        starting = task
        return try await task.value
    }
}

struct WhoAmIFixture: Sendable {
    static let account = "123456789012"
    static let userName = "whoami-user"
    static let userArn = "arn:aws:iam::123456789012:user/whoami-user"
    static let instanceRole = "rolesync-e2e-node"
    static let instanceId = "i-0e2e0000000000001"
    /// What STS calls an instance's role session: the role, then the instance id.
    static let instanceRoleSessionArn = "arn:aws:sts::123456789012:assumed-role/rolesync-e2e-node/i-0e2e0000000000001"

    let server: MotoServer
    let accessKeyId: String
    let secretAccessKey: String
    /// The instance role's session, as the metadata service serves it.
    let instanceCredentials: SessionCredentials

    static func bootstrap() async throws -> WhoAmIFixture {
        // A generous start timeout: the emulator's imports take seconds of CPU on a busy machine.
        let server = try await MotoServer.start(initialNoAuthActionCount: 5, timeout: .seconds(90))
        let output = try await server.runPython("""
            import boto3, json
            allow_all = json.dumps({"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
            iam = boto3.client("iam")
            iam.create_user(UserName="\(userName)")
            iam.put_user_policy(UserName="\(userName)", PolicyName="all", PolicyDocument=allow_all)
            key = iam.create_access_key(UserName="\(userName)")["AccessKey"]
            trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "\(userArn)"}, "Action": "sts:AssumeRole"}]})
            role = iam.create_role(RoleName="\(instanceRole)", AssumeRolePolicyDocument=trust)["Role"]
            iam.put_role_policy(RoleName="\(instanceRole)", PolicyName="all", PolicyDocument=allow_all)
            sts = boto3.client("sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
            session = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="\(instanceId)")["Credentials"]
            print(key["AccessKeyId"], key["SecretAccessKey"])
            print(session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"],
                  session["Expiration"].strftime("%Y-%m-%dT%H:%M:%SZ"))
            """)
        let lines = output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        guard lines.count == 2, lines[0].count == 2, lines[1].count == 4 else {
            throw MotoServerError(reason: "bootstrap printed \(output)")
        }
        return WhoAmIFixture(
            server: server, accessKeyId: lines[0][0], secretAccessKey: lines[0][1],
            instanceCredentials: SessionCredentials(
                accessKeyId: lines[1][0], secretAccessKey: lines[1][1], sessionToken: lines[1][2],
                expiration: lines[1][3]))
    }

    /// Runs `rolesync aws whoami` against the emulator with a fresh, empty home directory (so
    /// no developer's `~/.aws` is read) plus `environment`, which wins over the defaults.
    func runWhoAmI(_ arguments: [String] = [], environment: [String: String] = [:]) async throws -> ProcessResult {
        let home = try TemporaryDirectory(prefix: "rolesync-whoami-home")
        defer { home.remove() }
        let base = ["HOME": home.path, "AWS_REGION": "us-east-1"]
        let command = ["aws", "whoami", "--endpoint-url", server.endpoint] + arguments
        let merged = base.merging(environment) { _, new in new }
        return try await RoleSyncBinary.run(command, environment: merged)
    }

    /// The three lines a successful run prints.
    static func expectedOutput(source: String, arn: String = userArn) -> String {
        "account: \(account)\narn:     \(arn)\nsource:  \(source)\n"
    }
}

/// Temporary credentials as STS issues them and the metadata service passes them on.
struct SessionCredentials: Sendable {
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String
    /// ISO 8601, as in the metadata service's JSON.
    var expiration: String
}
