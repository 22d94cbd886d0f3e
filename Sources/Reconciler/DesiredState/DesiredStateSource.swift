import Foundation
import GitStore
import RoleSyncCore

/// Desired state that failed to load: nothing may be acted on.
public enum DesiredStateError: Error, Sendable, CustomStringConvertible {
    /// The manifests have problems; every one is listed.
    case invalid(ManifestLoadReport)
    /// No assignment at all: an empty desired state never leads to actions (fail closed).
    case empty(revision: String)

    public var description: String {
        switch self {
        case .invalid(let report):
            let lines = report.problems.map(\.description)
            return (lines + ["desired state is invalid: \(report.problems.count) problem(s); nothing was done"])
                .joined(separator: "\n")
        case .empty(let revision):
            return "desired state at \(revision.prefix(12)) has no InstanceRoleAssignment: refusing to act on an empty desired state"
        }
    }
}

/// Manifests read at one revision, valid or not.
public struct LoadedManifests: Sendable {
    /// The commit id read, or `worktree`.
    public var revision: String
    public var report: ManifestLoadReport
}

/// Reads manifests from a Git repository through libgit2: straight from the commit's tree,
/// or from the working tree when asked.
public struct GitDesiredStateSource: Sendable {
    public var settings: RepositorySettings

    public init(settings: RepositorySettings) {
        self.settings = settings
    }

    /// Opens (or clones) the repository. Callers reuse the store for decisions.
    public func openStore() async throws -> GitStore {
        try await GitStore.open(settings.location, cacheDirectory: settings.cacheDirectory, access: settings.access)
    }

    /// Reads and validates the manifests, whatever their problems.
    ///
    /// The read is bounded by `settings.readLimits`; every entry it refused (an unsafe name, a
    /// file or a repository over the limits) becomes a problem of the report, so `validate`
    /// lists it and plan, apply and the daemon refuse to act, as for any invalid manifest.
    public func loadManifests(from store: GitStore) async throws -> LoadedManifests {
        let include: @Sendable (String) -> Bool = { ManifestFiles.isCandidate(path: $0) }
        let revision: String
        let read: BoundedRead
        if settings.worktree {
            revision = "worktree"
            read = try await store.readWorktreeFiles(under: settings.path, within: settings.readLimits, where: include)
        } else {
            revision = try await store.resolve(settings.ref)
            read = try await store.readFiles(at: revision, under: settings.path, within: settings.readLimits, where: include)
        }
        let manifests = read.files.map { ManifestFile(path: $0.path, contents: $0.contents) }
        let unread = read.refused.map {
            ManifestProblem(location: .wholeFile($0.displayPath), field: nil, detail: $0.message)
        }
        return LoadedManifests(
            revision: revision, report: ManifestLoader.load(manifests, revision: revision, unread: unread))
    }

    /// Reads the manifests and returns the desired state only when it is valid and not empty.
    public func loadDesiredState(from store: GitStore) async throws -> DesiredState {
        let loaded = try await loadManifests(from: store)
        guard let desired = loaded.report.desiredState, loaded.report.problems.isEmpty else {
            throw DesiredStateError.invalid(loaded.report)
        }
        guard !desired.assignments.isEmpty else { throw DesiredStateError.empty(revision: loaded.revision) }
        return desired
    }
}

/// The desired state of one open repository, as the reconcile reads it, with the history and
/// signatures of its commits.
public struct GitDesiredState: DesiredStateSource, RevisionHistory {
    public var settings: RepositorySettings
    public var store: GitStore

    public init(settings: RepositorySettings, store: GitStore) {
        self.settings = settings
        self.store = store
    }

    /// At another revision (`plan --base`), the committed manifests are read, never the working tree.
    public func desiredState(at ref: String?) async throws -> DesiredState {
        var settings = self.settings
        if let ref {
            settings.ref = ref
            settings.worktree = false
        }
        return try await GitDesiredStateSource(settings: settings).loadDesiredState(from: store)
    }

    /// The merge base as libgit2 finds it; the head is the configured ref even with `--worktree`.
    public func mergeBase(of base: String, and head: String?) async throws -> String? {
        try await store.mergeBase(base, head ?? settings.ref)
    }

    public func history(of revision: String, contains ancestor: String) async throws -> Bool {
        try await store.history(of: revision, contains: ancestor)
    }

    public func signature(of revision: String, allowedSigners: AllowedSigners) async throws -> CommitSignatureVerdict {
        try await store.verifyCommitSignature(revision, allowedSigners: allowedSigners)
    }
}
