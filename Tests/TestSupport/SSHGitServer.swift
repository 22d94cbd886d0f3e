import Foundation

/// A real OpenSSH server on a free loopback port that serves the bare repositories of a
/// folder over `ssh://`, logging in only with the client key it made. Its host key and the
/// client key are made fresh with `ssh-keygen` for each server.
public final class SSHGitServer: @unchecked Sendable {
    public let process: LoopbackProcess
    public let user: String
    /// The client's private key (ed25519, no passphrase), authorized on the server.
    public let clientKey: URL
    /// The host's public key line, `ssh-ed25519 AAAA…`.
    public let hostPublicKey: String
    public let folder: URL

    public var port: Int { process.port }

    /// A known-hosts line that vouches for this server.
    public var knownHostsLine: String { "[127.0.0.1]:\(port) \(hostPublicKey)" }

    /// `ssh://user@127.0.0.1:port/absolute/path`.
    public func url(_ repositoryPath: String) -> String {
        "ssh://\(user)@127.0.0.1:\(port)\(repositoryPath)"
    }

    private init(process: LoopbackProcess, user: String, clientKey: URL, hostPublicKey: String, folder: URL) {
        self.process = process
        self.user = user
        self.clientKey = clientKey
        self.hostPublicKey = hostPublicKey
        self.folder = folder
    }

    public static let sshdPath = "/usr/sbin/sshd"

    /// Starts `sshd` with its keys and configuration under `directory/sshd`.
    public static func start(in directory: TemporaryDirectory) async throws -> SSHGitServer {
        guard FileManager.default.isExecutableFile(atPath: sshdPath) else {
            throw LoopbackProcessError(reason: "\(sshdPath) is missing: install openssh-server (scripts/install-deps.sh does)")
        }
        let folder = directory.url.appendingPathComponent("sshd", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let hostKey = folder.appendingPathComponent("host_ed25519")
        let clientKey = folder.appendingPathComponent("client_ed25519")
        try await makeKey(at: hostKey)
        try await makeKey(at: clientKey)
        let authorized = folder.appendingPathComponent("authorized_keys")
        try FileManager.default.copyItem(at: clientKey.appendingPathExtension("pub"), to: authorized)
        // sshd refuses to start without its privilege-separation folder when run as root.
        if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
        let user = try await ProcessRunner.check(["id", "-un"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try freeLoopbackPort()
        let config = folder.appendingPathComponent("sshd_config")
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(hostKey.path)
            PidFile \(folder.appendingPathComponent("sshd.pid").path)
            AuthorizedKeysFile \(authorized.path)
            StrictModes no
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin prohibit-password
            AllowUsers \(user)
            LogLevel VERBOSE

            """.write(to: config, atomically: true, encoding: .utf8)
        let process = try await LoopbackProcess.start("sshd", [sshdPath, "-D", "-e", "-f", config.path], port: port)
        let hostPublic = try String(contentsOf: hostKey.appendingPathExtension("pub"), encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        return SSHGitServer(process: process, user: user, clientKey: clientKey, hostPublicKey: hostPublic, folder: folder)
    }

    /// A new ed25519 key pair without a passphrase at `path` and `path.pub`.
    public static func makeKey(at path: URL, type: String = "ed25519") async throws {
        try await ProcessRunner.check(["ssh-keygen", "-q", "-t", type, "-N", "", "-C", "rolesync-test", "-f", path.path])
    }

    /// `ssh-keygen -lf`'s SHA256 fingerprint of a public key file.
    public static func fingerprint(ofPublicKey path: URL) async throws -> String {
        let line = try await ProcessRunner.check(["ssh-keygen", "-l", "-E", "sha256", "-f", path.path])
        return line.split(separator: " ").dropFirst().first.map(String.init) ?? ""
    }

    /// The host key's fingerprint, as an SSH client prints it.
    public var hostFingerprint: String {
        get async { (try? await Self.fingerprint(ofPublicKey: folder.appendingPathComponent("host_ed25519.pub"))) ?? "" }
    }
}
