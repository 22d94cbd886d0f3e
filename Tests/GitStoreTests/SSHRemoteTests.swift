import Foundation
import GitStore
import Testing
import TestSupport

/// Clone, fetch and push over a real `sshd` on loopback, with the host key checked against a
/// known-hosts file and a key file to log in.
@Suite struct SSHRemoteTests {
    /// A served bare repository, the server, and access that trusts it.
    struct Setup {
        let remote: Remote
        let server: SSHGitServer
        let knownHosts: URL
        var url: String { server.url(remote.bare.path) }
        var access: GitAccess { GitAccess(sshKeyFile: server.clientKey.path, knownHostsFile: knownHosts.path) }
    }

    func withServer(_ body: (Setup, TemporaryDirectory) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let remote = try await Remote.make(in: directory)
            let server = try await SSHGitServer.start(in: directory)
            defer { server.process.stop() }
            let knownHosts = try directory.write(server.knownHostsLine + "\n", to: "known_hosts")
            try await body(Setup(remote: remote, server: server, knownHosts: knownHosts), directory)
        }
    }

    @Test func clonesFetchesReadsAndPushesWithAKeyFile() async throws {
        try await withServer { setup, directory in
            let store = try await GitStore.open(setup.url, cacheDirectory: directory.cache, access: setup.access)
            #expect(try await store.resolve("main") == setup.remote.initial)
            #expect(try await store.readFile("roles.yaml", at: "main") == Data("initial".utf8))

            let newer = try await setup.remote.pushFromSeed(["roles.yaml": "newer"], message: "Newer")
            try await store.fetch()
            #expect(try await store.resolve("main") == newer)

            let sha = try await store.commit(
                files: [GitFile(path: "decisions/run.json", contents: Data("{}".utf8))], onto: "rolesync/decisions",
                expectedTip: nil, message: "rolesync: record", author: fixedAuthor)
            try await store.push(branch: "rolesync/decisions")
            await #expect(try setup.remote.bare.git("rev-parse", "rolesync/decisions") == sha)
        }
    }

    @Test func anUnknownHostIsRefusedWithItsFingerprint() async throws {
        try await withServer { setup, directory in
            let empty = try directory.write("# nothing trusted yet\n", to: "empty_known_hosts")
            var access = setup.access
            access.knownHostsFile = empty.path
            let error = try await #require(throws: GitError.self) {
                _ = try await GitStore.open(setup.url, cacheDirectory: directory.cache, access: access)
            }
            #expect(error.kind == .hostKeyRejected)
            #expect(error.message.contains("[127.0.0.1]:\(setup.server.port) is not in \(empty.path)"))
            await #expect(error.message.contains(setup.server.hostFingerprint))
            await #expect(!setup.server.hostFingerprint.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: directory.cache.appendingPathComponent(
                GitStore.cacheFolderName(for: setup.url)).path))
        }
    }

    @Test func aChangedHostKeyIsRefusedAndNamesTheLine() async throws {
        try await withServer { setup, directory in
            let other = directory.url.appendingPathComponent("other_host")
            try await SSHGitServer.makeKey(at: other)
            let otherKey = try String(contentsOf: other.appendingPathExtension("pub"), encoding: .utf8)
                .split(separator: " ").prefix(2).joined(separator: " ")
            let wrong = try directory.write("# other\n[127.0.0.1]:\(setup.server.port) \(otherKey)\n", to: "wrong_known_hosts")
            var access = setup.access
            access.knownHostsFile = wrong.path
            let error = try await #require(throws: GitError.self) {
                _ = try await GitStore.open(setup.url, cacheDirectory: directory.cache, access: access)
            }
            #expect(error.kind == .hostKeyRejected)
            #expect(error.message.contains("HOST KEY MISMATCH for [127.0.0.1]:\(setup.server.port)"))
            #expect(error.message.contains("line 2"))
            await #expect(error.message.contains(setup.server.hostFingerprint))
        }
    }

    @Test func noKnownHostsFileMeansNoConnection() async throws {
        try await withServer { setup, directory in
            var access = setup.access
            access.knownHostsFile = nil
            let error = try await #require(throws: GitError.self) {
                _ = try await GitStore.open(setup.url, cacheDirectory: directory.cache, access: access)
            }
            #expect(error.kind == .hostKeyRejected)
            #expect(error.message.contains("--ssh-known-hosts"))
        }
    }

    @Test func aKeyTheServerDoesNotKnowIsRefused() async throws {
        try await withServer { setup, directory in
            let stranger = directory.url.appendingPathComponent("stranger")
            try await SSHGitServer.makeKey(at: stranger)
            var access = setup.access
            access.sshKeyFile = stranger.path
            let error = try await #require(throws: GitError.self) {
                _ = try await GitStore.open(setup.url, cacheDirectory: directory.cache, access: access)
            }
            #expect(error.kind == .authenticationFailed)
            #expect(error.message.contains("refused the SSH key \(stranger.path)"))
            #expect(error.subject == setup.url)
        }
    }

    @Test func aKeyWithAPassphraseLogsInWithItsPassphrase() async throws {
        try await withServer { setup, directory in
            let locked = directory.url.appendingPathComponent("locked_ed25519")
            try await ProcessRunner.check(["ssh-keygen", "-q", "-t", "ed25519", "-N", "open sesame", "-f", locked.path])
            let authorized = setup.server.folder.appendingPathComponent("authorized_keys")
            let handle = try FileHandle(forWritingTo: authorized)
            handle.seekToEndOfFile()
            handle.write(try Data(contentsOf: locked.appendingPathExtension("pub")))
            try handle.close()
            var access = setup.access
            access.sshKeyFile = locked.path
            access.sshKeyPassphrase = GitSecret("open sesame")
            let store = try await GitStore.open(setup.url, cacheDirectory: directory.cache, access: access)
            #expect(try await store.resolve("main") == setup.remote.initial)

            access.sshKeyPassphrase = GitSecret("wrong")
            let error = try await #require(throws: GitError.self) {
                _ = try await GitStore.open(setup.url, cacheDirectory: directory.url.appendingPathComponent("other-cache"), access: access)
            }
            #expect(error.kind == .authenticationFailed, "\(error)")
            #expect(!error.description.contains("wrong"))
        }
    }
}
