import Foundation
import Testing
import TestSupport

/// Without `--ssh-key`, the keys of a running SSH agent log in, and the host key is checked
/// against `~/.ssh/known_hosts` by default.
@Suite struct SSHAgentTests {
    @Test func theAgentsKeyAndTheDefaultKnownHostsReachAnSSHRemote() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        try await world.commit(TwoRegionFleet.manifests())
        let bare = world.directory.url.appendingPathComponent("served.git").path
        try await GitCLI.run(["clone", "--quiet", "--bare", world.repo.path, bare])
        let server = try await SSHGitServer.start(in: world.directory)
        defer { server.process.stop() }

        // A short socket path: a Unix socket's path has a length limit.
        let socket = "/tmp/rolesync-agent-\(UUID().uuidString.prefix(8)).sock"
        let agentPath = try await ProcessRunner.check(["sh", "-c", "command -v ssh-agent"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let agent = try await LoopbackProcess.start("ssh-agent", [agentPath, "-D", "-a", socket], port: 0) {
            FileManager.default.fileExists(atPath: socket)
        }
        defer {
            agent.stop()
            try? FileManager.default.removeItem(atPath: socket)
        }
        try await ProcessRunner.check(["ssh-add", "-q", server.clientKey.path], environment: ["SSH_AUTH_SOCK": socket])

        var environment = world.awsEnvironment()
        environment["SSH_AUTH_SOCK"] = socket
        let arguments = ["validate", "--repo", server.url(bare), "--cache-dir", world.directory.url.appendingPathComponent("clones").path]

        // No known-hosts file yet: refused, with the fingerprint to check.
        let refused = try await RoleSyncBinary.run(arguments, environment: environment)
        #expect(refused.exitCode != 0)
        await #expect(refused.output.contains(server.hostFingerprint), "\(refused.output)")
        #expect(refused.output.contains("\(world.directory.path)/.ssh/known_hosts"), "\(refused.output)")

        try world.directory.write(server.knownHostsLine + "\n", to: ".ssh/known_hosts")
        let valid = try await RoleSyncBinary.run(arguments, environment: environment)
        #expect(valid.exitCode == 0, "\(valid.output)")
    }
}
