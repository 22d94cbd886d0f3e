import Foundation
import RoleSyncCore
import TestSupport

/// Everything one end-to-end test works with: a temporary folder, a desired-state repository
/// made with the git CLI, the suite's emulator, and the built rolesync binary pointed at both.
struct World {
    static let account = "123456789012"

    let directory: TemporaryDirectory
    let repo: GitFixture
    let server: MotoServer?

    /// A world with an emptied emulator; `suite` picks the suite's own server.
    static func make(suite: String) async throws -> World {
        let server = try await Emulators.shared.fresh(for: suite)
        return try await World(server: server)
    }

    /// A world without an emulator, for commands that never reach AWS.
    static func offline() async throws -> World {
        try await World(server: nil)
    }

    private init(server: MotoServer?) async throws {
        directory = try TemporaryDirectory(prefix: "rolesync-e2e")
        repo = try await GitFixture.create("desired", in: directory)
        self.server = server
    }

    func remove() { directory.remove() }

    /// The fleet in the default account.
    var fleet: FleetFixture { FleetFixture(server: requireServer()) }

    /// The fleet in another account, reached by assuming `roleArn`.
    func fleet(assuming roleArn: String) -> FleetFixture { FleetFixture(server: requireServer(), roleArn: roleArn) }

    private func requireServer() -> MotoServer {
        guard let server else { fatalError("this world has no emulator: use World.make(suite:)") }
        return server
    }

    /// Commits the manifests (path → YAML) to the desired-state repository; returns the commit.
    @discardableResult
    func commit(_ manifests: [String: String], message: String = "Desired instance roles") async throws -> String {
        try await repo.commit(manifests, message: message)
    }

    /// Runs `rolesync ARGUMENTS --repo <repo>` with the emulator's endpoint and test keys, and a
    /// home folder of its own so no shared AWS configuration of the machine is read.
    func rolesync(_ arguments: String..., input: String? = nil) async throws -> ProcessResult {
        try await rolesync(arguments, input: input)
    }

    func rolesync(_ arguments: [String], input: String? = nil) async throws -> ProcessResult {
        let command = invocation(arguments)
        return try await RoleSyncBinary.run(command.arguments, environment: command.environment, input: input)
    }

    /// The arguments and environment `rolesync` runs with; `endpoint` replaces the emulator's
    /// (a fault proxy in front of it).
    func invocation(_ arguments: [String], endpoint: String? = nil) -> (arguments: [String], environment: [String: String]) {
        let withRepo = arguments.contains("--repo") ? arguments : arguments + ["--repo", repo.path]
        return (withRepo, awsEnvironment(endpoint: endpoint))
    }

    /// The emulator's endpoint (or `endpoint`) and test keys, and a home folder of this world's
    /// own, for commands that take no repository (`scan`) too.
    func awsEnvironment(endpoint: String? = nil) -> [String: String] {
        var environment = [
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
            "HOME": directory.path, "XDG_CACHE_HOME": directory.url.appendingPathComponent("cache").path,
        ]
        if let endpoint = endpoint ?? server?.endpoint { environment["AWS_ENDPOINT_URL"] = endpoint }
        return environment
    }

    /// `plan --format json`, decoded; fails the test unless the command exits 0.
    func plan(_ extra: String...) async throws -> Plan {
        let result = try await rolesync(["plan", "--format", "json"] + extra)
        guard result.exitCode == 0 else { throw CommandFailed(result: result) }
        return try Plan.decode(from: Data(result.stdout.utf8))
    }

    /// The commits of the decisions branch, newest first (empty when it does not exist).
    func decisionCommits(branch: String = "rolesync/decisions") async throws -> [String] {
        let exists = try await ProcessRunner.run(
            ["git", "-C", repo.path, "rev-parse", "--verify", "--quiet", "refs/heads/\(branch)"],
            environment: GitCLI.environment)
        guard exists.exitCode == 0 else { return [] }
        let log = try await repo.git("log", "--format=%H", branch)
        return log.split(separator: "\n").map(String.init)
    }
}

/// A command the test expected to succeed exited otherwise.
struct CommandFailed: Error, CustomStringConvertible {
    var result: ProcessResult
    var description: String {
        "rolesync exited \(result.exitCode)\nstdout:\n\(result.stdout)\nstderr:\n\(result.stderr)"
    }
}

extension ProcessResult {
    /// Both streams, for messages that may go to either.
    var output: String { stdout + stderr }
}

extension Plan {
    /// Drift kinds by instance id (kinds of one instance sorted), for exact comparisons.
    var driftKinds: [String: [String]] {
        Dictionary(grouping: drift, by: \.instanceId).mapValues { $0.map(\.kind.rawValue).sorted() }
    }

    /// Action type and status by instance id.
    var actionsByInstance: [String: [String]] {
        Dictionary(grouping: actions, by: \.instanceId)
            .mapValues { $0.map { "\($0.type.rawValue) \($0.status.rawValue)" }.sorted() }
    }
}
