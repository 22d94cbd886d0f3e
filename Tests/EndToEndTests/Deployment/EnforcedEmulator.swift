import Foundation
import TestSupport

/// One emulator per suite with IAM enforcement switched on after seeding.
///
/// The emulator counts requests and checks none of the first `INITIAL_NO_AUTH_ACTION_COUNT`;
/// `POST /moto-api/reset-auth N` sets that count again and zeroes the counter. So each test
/// opens the gate (a count no seeding reaches), empties the emulator, seeds the fleet and the
/// IAM user as an administrator would, then closes the gate (count 0): from there every
/// request, rolesync's included, is checked against the user's keys and policies.
actor EnforcedEmulators {
    static let shared = EnforcedEmulators()
    private var servers: [String: Task<MotoServer, any Error>] = [:]

    /// Requests left unchecked while seeding: far more than any seed makes.
    static let open = 1_000_000_000

    func server(for suite: String) async throws -> MotoServer {
        let task = servers[suite] ?? Task { try await MotoServer.start(timeout: .seconds(60)) }
        servers[suite] = task
        return try await task.value
    }

    /// An emptied emulator seeded with `seed`, enforcing IAM from the moment this returns.
    func prepare(suite: String, seed: EnforcedSeed) async throws -> EnforcedWorld {
        let server = try await server(for: suite)
        try await server.resetAuth(initialNoAuthActionCount: Self.open)
        try await server.reset()
        let seeded = try await seed.run(on: server)
        try await server.resetAuth(initialNoAuthActionCount: 0)
        return try await EnforcedWorld(server: server, seeded: seeded)
    }

    /// Reads the emulator as an administrator (checks off), then closes the gate again.
    func unchecked<T: Sendable>(suite: String, _ body: @Sendable (MotoServer) async throws -> T) async throws -> T {
        let server = try await server(for: suite)
        try await server.resetAuth(initialNoAuthActionCount: Self.open)
        let result: Result<T, any Error>
        do { result = .success(try await body(server)) } catch { result = .failure(error) }
        try? await server.resetAuth(initialNoAuthActionCount: 0)
        return try result.get()
    }
}

/// A desired-state repository and the keys of an IAM user that holds only the policy under
/// test, against an enforcing emulator.
struct EnforcedWorld {
    let directory: TemporaryDirectory
    let repo: GitFixture
    let server: MotoServer
    let seeded: SeededFleet

    init(server: MotoServer, seeded: SeededFleet) async throws {
        directory = try TemporaryDirectory(prefix: "rolesync-least-privilege")
        repo = try await GitFixture.create("desired", in: directory)
        self.server = server
        self.seeded = seeded
    }

    func remove() { directory.remove() }

    func id(_ key: String) -> String { seeded.instances[key] ?? "unknown-\(key)" }

    @discardableResult
    func commit(_ manifests: [String: String]) async throws -> String {
        try await repo.commit(manifests, message: "Desired instance roles")
    }

    /// Runs the built binary as the IAM user, with a home and cache of its own.
    func rolesync(_ arguments: String...) async throws -> ProcessResult {
        try await rolesync(arguments)
    }

    func rolesync(_ arguments: [String]) async throws -> ProcessResult {
        let environment = [
            "AWS_ACCESS_KEY_ID": seeded.accessKeyId, "AWS_SECRET_ACCESS_KEY": seeded.secretAccessKey,
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": server.endpoint,
            "HOME": directory.path, "XDG_CACHE_HOME": directory.url.appendingPathComponent("cache").path,
        ]
        return try await RoleSyncBinary.run(arguments + ["--repo", repo.path], environment: environment)
    }
}
