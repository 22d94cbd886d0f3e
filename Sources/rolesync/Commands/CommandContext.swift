import AWSClient
import ArgumentParser
import Foundation
import GitStore
import Reconciler
import RoleSyncCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The composition root: the process environment is read here, once, and everything below
/// gets settings and live ports built from it. Every command opens Git and AWS through
/// `withSession` and `withReconciliation`, so there is one way in.
struct CommandContext: Sendable {
    let environment: [String: String]
    let homeDirectory: String

    /// The environment of this process.
    static func capture() -> CommandContext {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return CommandContext(environment: environment, homeDirectory: home)
    }

    func repositorySettings(_ options: RepositoryOptions) throws -> RepositorySettings {
        repositorySettings(
            location: options.repo, ref: options.ref, path: options.path, worktree: options.worktree, cacheDir: options.cacheDir,
            access: try gitAccess(options.git))
    }

    func repositorySettings(
        location: String, ref: String, path: String?, worktree: Bool, cacheDir: String?, access: GitAccess
    ) -> RepositorySettings {
        RepositorySettings(
            location: location, ref: ref, path: path, worktree: worktree,
            cacheDirectory: cacheDir.map { URL(fileURLWithPath: $0) }
                ?? RepositorySettings.defaultCacheDirectory(environment: environment, homeDirectory: homeDirectory),
            access: access)
    }

    /// Git credentials from the options and the environment: the token from `ROLESYNC_GIT_TOKEN`
    /// or its file, the SSH agent when `SSH_AUTH_SOCK` is set, `~/.ssh/known_hosts` by default.
    func gitAccess(_ options: GitAccessOptions) throws -> GitAccess {
        let token = try environment["ROLESYNC_GIT_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            ?? options.gitTokenFile.map { try Self.secret(inFile: $0, what: "--git-token-file") }
        return GitAccess(
            sshKeyFile: options.sshKey,
            sshKeyPassphrase: try options.sshKeyPassphraseFile.map { GitSecret(try Self.secret(inFile: $0, what: "--ssh-key-passphrase-file")) },
            sshAgentAvailable: !(environment["SSH_AUTH_SOCK"] ?? "").isEmpty,
            knownHostsFile: options.sshKnownHosts ?? "\(homeDirectory)/.ssh/known_hosts",
            httpUser: options.gitUser, httpSecret: token.map(GitSecret.init))
    }

    /// The trust settings: the allowed-signers file is read and checked now, before any work.
    func trustSettings(_ options: TrustOptions, allowNonFastForward: Bool = false) throws -> TrustSettings {
        guard options.allowedSigners != nil || !options.requireSignedCommits else {
            throw ValidationError("--require-signed-commits needs --allowed-signers FILE")
        }
        let signers = try options.allowedSigners.map { file in
            do {
                return try AllowedSigners(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ValidationError("\(error)")
            }
        }
        return TrustSettings(
            allowedSigners: signers, requireSignedCommits: options.requireSignedCommits || signers != nil,
            allowNonFastForward: allowNonFastForward)
    }

    /// The first line of a secret file (a token or passphrase), without its line ending.
    static func secret(inFile path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 64 * 1024,
              let text = String(data: data, encoding: .utf8),
              let line = text.split(whereSeparator: \.isNewline).first.map(String.init), !line.isEmpty
        else { throw ValidationError("\(what) \(path): cannot be read, is empty or is not a short text file") }
        return line.trimmingCharacters(in: .whitespaces)
    }

    func awsSettings(_ options: AWSOptions?) -> AWSSettings {
        AWSSettings(
            regions: options?.region ?? [], profile: options?.profile, endpointURL: options?.endpointUrl,
            environment: environment, homeDirectory: homeDirectory)
    }

    func settings(
        repository: RepositorySettings, aws: AWSOptions?, maxChanges: Int? = nil, decisionsBranch: String = "rolesync/decisions",
        trust: TrustSettings = TrustSettings()
    ) -> ReconcileSettings {
        ReconcileSettings(
            repository: repository, aws: awsSettings(aws), maxChanges: maxChanges, decisionsBranch: decisionsBranch, trust: trust)
    }

    func openStore(_ repository: RepositorySettings) async throws -> GitStore {
        try await GitDesiredStateSource(settings: repository).openStore()
    }

    /// Runs `body` with an AWS session, and always shuts the session down.
    func withSession<T>(_ settings: AWSSettings, _ body: (AWSSession) async throws -> T) async throws -> T {
        let session = try AWSSession(settings: settings)
        do {
            let result = try await body(session)
            await session.shutdown()
            return result
        } catch {
            await session.shutdown()
            throw error
        }
    }

    /// The live ports for `settings` over `session`.
    func wiring(_ settings: ReconcileSettings, session: AWSSession, hooks: ReconcileHooks = ReconcileHooks()) -> LiveWiring {
        LiveWiring(settings: settings, session: session, author: decisionAuthor, hooks: hooks)
    }

    /// Runs `body` with a reconcile wired to Git and AWS.
    /// With `leaseTable`, the run's mutations are confirmed against the shard leases (see
    /// `LiveWiring.runLeases`); the caller claims them once it knows the shards.
    func withReconciliation<T>(
        _ settings: ReconcileSettings, hooks: ReconcileHooks = Self.terminalHooks(), leaseTable: String? = nil,
        _ body: (Reconciliation, LiveWiring) async throws -> T
    ) async throws -> T {
        let store = try await openStore(settings.repository)
        return try await withSession(settings.aws) { session in
            var wiring = wiring(settings, session: session, hooks: hooks)
            if let leaseTable {
                let owner = "apply-\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
                wiring.runLeases = try await LeaseWiring.coordinator(
                    table: leaseTable, owner: owner, failover: .seconds(30), session: session)
            }
            return try await body(wiring.reconciliation(store: store), wiring)
        }
    }

    /// Progress lines on an interactive standard error.
    static func terminalHooks() -> ReconcileHooks {
        guard Terminal.isInteractive(standardError: true) else { return ReconcileHooks() }
        let counter = ProgressCounter()
        return ReconcileHooks(
            inventoryRead: { target, count in Terminal.progress("read \(count) instances in \(target)") },
            actionFinished: counter.tick)
    }

    /// The author of decision commits: `ROLESYNC_AUTHOR_NAME`/`_EMAIL`, else rolesync itself.
    var decisionAuthor: @Sendable (Date) -> GitSignature {
        let name = environment["ROLESYNC_AUTHOR_NAME"] ?? "rolesync"
        let email = environment["ROLESYNC_AUTHOR_EMAIL"] ?? "rolesync@localhost"
        return { GitSignature(name: name, email: email, date: $0) }
    }
}

/// Counts finished actions for the progress line.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0

    func tick(_ action: PlannedAction) {
        let count = lock.withLock { done += 1; return done }
        Terminal.progress("applied \(count): \(action.type.rawValue) \(action.instanceId) \(action.status.rawValue)")
    }
}

/// Terminal facts: whether to use colour and show progress.
enum Terminal {
    static func isInteractive(standardError: Bool = false) -> Bool {
        isatty(standardError ? STDERR_FILENO : STDOUT_FILENO) == 1
    }

    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    static var useColour: Bool {
        isInteractive() && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    static func progress(_ line: String) {
        FileHandle.standardError.write(Data("\u{1b}[2K\r\(line)".utf8))
    }

    static func endProgress() {
        if isInteractive(standardError: true) { FileHandle.standardError.write(Data("\u{1b}[2K\r".utf8)) }
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
}

/// Writes a report to `--out` or standard output.
func emit(_ text: String, to path: String?) throws {
    if let path {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } else {
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        // Standard output is block-buffered in a pipe: flush so the report comes before any
        // status line written to standard error afterwards.
        fflush(nil)
    }
}
