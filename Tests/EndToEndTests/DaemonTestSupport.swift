import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// The built `rolesync` binary running as a daemon in a child process, its output collected
/// as it comes. Killed when dropped, so a failing test never leaves it running.
final class DaemonProcess: @unchecked Sendable {
    private let process = Process()
    private let output = LockedBox("")
    private let errors = LockedBox("")

    init(_ arguments: [String], environment: [String: String]) throws {
        process.executableURL = try RoleSyncBinary.url()
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        merged["AWS_EC2_METADATA_DISABLED"] = "true"
        merged["NO_COLOR"] = "1"
        merged.merge(environment) { _, new in new }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = Self.collect(into: output)
        process.standardError = Self.collect(into: errors)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var stdout: String { output.get() }
    var stderr: String { errors.get() }
    var isRunning: Bool { process.isRunning }

    /// The port printed in `serving … on http://HOST:PORT`, once the daemon has bound it.
    func listenPort() async throws -> Int {
        while true {
            if let range = stdout.range(of: #"on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
               let port = Int(stdout[range].split(separator: ":").last ?? "") {
                return port
            }
            guard process.isRunning else {
                throw DaemonExited(status: process.terminationStatus, stdout: stdout, stderr: stderr)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Sends SIGTERM and waits for the process to end; returns its exit status.
    func terminate() async throws -> (status: Int32, reason: Process.TerminationReason) {
        process.terminate()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return (process.terminationStatus, process.terminationReason)
    }

    private static func collect(into box: LockedBox<String>) -> Pipe {
        let pipe = Pipe()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                box.set(box.get() + String(decoding: data, as: UTF8.self))
            }
        }
        return pipe
    }

    struct DaemonExited: Error, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "rolesync run exited early with \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }
}

/// Plain GETs against the daemon's endpoints, never cached.
enum DaemonHTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        return URLSession(configuration: configuration)
    }()

    static func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let (data, response) = try await session.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The value of one series of `/metrics`, e.g. `rolesync_reconcile_total{result="success"}`.
    static func metric(_ port: Int, _ series: String) async throws -> Double {
        let body = try await get(port, "/metrics").body
        let line = body.split(separator: "\n").first { $0.hasPrefix(series + " ") }
        return try #require(line.flatMap { Double($0.dropFirst(series.count + 1)) }, "no \(series) in:\n\(body)")
    }

    /// Polls until `series` reaches `value`; the caller's time limit guards against a hang.
    static func waitForMetric(_ port: Int, _ series: String, atLeast value: Double) async throws -> Double {
        while true {
            let current = try await metric(port, series)
            if current >= value { return current }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// A small fleet on a fresh emulator and a desired-state repository that assigns it a profile.
struct DaemonFleet {
    static let policy = """
        apiVersion: rolesync.dev/v1
        kind: ReconcilePolicy
        metadata: {name: default}
        spec:
          regions: [us-east-1]
          mode: enforce
          unmanaged: report

        """
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

    static func make(instances count: Int, remote: Bool = false) async throws -> DaemonFleet {
        let moto = try await MotoServer.start()
        let output = try moto.runPython("""
            import boto3, json
            iam = boto3.client("iam")
            trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=json.dumps(trust))
            iam.create_instance_profile(InstanceProfileName="app-ec2")
            iam.add_role_to_instance_profile(InstanceProfileName="app-ec2", RoleName="app-role")
            ec2 = boto3.client("ec2")
            ids = []
            for _ in range(\(count)):
                r = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, TagSpecifications=[
                    {"ResourceType": "instance", "Tags": [{"Key": "team", "Value": "app"}]}])
                ids.append(r["Instances"][0]["InstanceId"])
            print(json.dumps(ids))
            """)
        let instances = try JSONDecoder().decode([String].self, from: Data(output.utf8))
        let directory = try TemporaryDirectory(prefix: "rolesync-daemon")
        let origin = remote ? try GitFixture.create("origin.git", in: directory, bare: true) : nil
        let repository = try origin.map { try GitFixture.clone($0.fileURL, as: "desired", in: directory) }
            ?? GitFixture.create("desired", in: directory)
        let fleet = DaemonFleet(moto: moto, directory: directory, repository: repository, remote: origin, instances: instances)
        try fleet.commit(["policy.yaml": policy, "teams/app.yaml": assignment], message: "Desired instance roles")
        return fleet
    }

    /// Commits in the working repository, and pushes when there is a remote.
    func commit(_ files: [String: String], message: String) throws {
        try repository.commit(files, message: message)
        if remote != nil { try repository.git("push", "--quiet", "origin", "HEAD:main") }
    }

    /// What the daemon needs to reach the emulator.
    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": moto.endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "XDG_CACHE_HOME": directory.url.appendingPathComponent("cache").path,
        ]
    }

    /// Instance id → attached profile name, for associated instances.
    func attachedProfiles() throws -> [String: String] {
        let output = try moto.runPython("""
            import boto3, json
            ec2 = boto3.client("ec2")
            found = {}
            for a in ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"]:
                if a["State"] == "associated":
                    found[a["InstanceId"]] = a["IamInstanceProfile"]["Arn"].split("/")[-1]
            print(json.dumps(found))
            """)
        return try JSONDecoder().decode([String: String].self, from: Data(output.utf8))
    }

    /// Takes the profile off one instance, behind rolesync's back.
    func detachProfile(from instance: String) throws {
        try moto.runPython("""
            import boto3
            ec2 = boto3.client("ec2")
            for a in ec2.describe_iam_instance_profile_associations(
                    Filters=[{"Name": "instance-id", "Values": ["\(instance)"]}])["IamInstanceProfileAssociations"]:
                ec2.disassociate_iam_instance_profile(AssociationId=a["AssociationId"])
            """)
    }

    /// Subjects of the decision commits, newest first.
    func decisionCommits() throws -> [String] {
        let log = try (remote ?? repository).git("log", "--format=%s", "rolesync/decisions")
        return log.split(separator: "\n").map(String.init)
    }

    func stop() {
        moto.stop()
        directory.remove()
    }
}
