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

/// The composition root: options in, configured reconcile out. The environment is read here
/// once and flows down as values.
struct CommandContext {
    var settings: ReconcileSettings

    init(repository: RepositoryOptions, aws: AWSOptions? = nil, maxChanges: Int? = nil, decisionsBranch: String = "rolesync/decisions") {
        let environment = ProcessInfo.processInfo.environment
        var repositorySettings = RepositorySettings(
            location: repository.repo, ref: repository.ref, path: repository.path, worktree: repository.worktree)
        if let cacheDir = repository.cacheDir { repositorySettings.cacheDirectory = URL(fileURLWithPath: cacheDir) }
        settings = ReconcileSettings(
            repository: repositorySettings,
            aws: AWSSettings(
                regions: aws?.region ?? [], profile: aws?.profile, endpointURL: aws?.endpointUrl, environment: environment),
            maxChanges: maxChanges, decisionsBranch: decisionsBranch)
    }

    func openStore() async throws -> GitStore {
        try await GitDesiredStateSource(settings: settings.repository).openStore()
    }

    /// Runs `body` with a reconcile wired to Git and AWS, and always shuts the session down.
    func withReconciliation<T>(
        progress: Bool = Terminal.isInteractive(standardError: true), _ body: (Reconciliation) async throws -> T
    ) async throws -> T {
        let store = try await openStore()
        let session = try AWSSession(settings: settings.aws)
        var reconciliation = Reconciliation(settings: settings, session: session, store: store)
        if progress {
            reconciliation.inventoryProgress = { target, count in
                Terminal.progress("read \(count) instances in \(target)")
            }
        }
        do {
            let result = try await body(reconciliation)
            await session.shutdown()
            return result
        } catch {
            await session.shutdown()
            throw error
        }
    }

    /// The author of decision commits: `ROLESYNC_AUTHOR_NAME`/`_EMAIL`, else rolesync itself.
    func decisionAuthor(at date: Date) -> GitSignature {
        let environment = settings.aws.environment
        return GitSignature(
            name: environment["ROLESYNC_AUTHOR_NAME"] ?? "rolesync",
            email: environment["ROLESYNC_AUTHOR_EMAIL"] ?? "rolesync@localhost", date: date)
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
