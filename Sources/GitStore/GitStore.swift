import CLibGit2
import Foundation

/// One Git repository, read and written through libgit2 (no git program needed at run time).
///
/// An actor whose jobs run on a dedicated serial queue (`GitQueueExecutor`): libgit2 calls
/// block, its objects are not thread-safe and its error state is per thread, so every call on
/// this handle happens on that queue, off the cooperative pool. Open one store per repository.
///
/// A remote repository is cloned (bare) into a cache folder; its local branches then mirror
/// the remote's after every `fetch`, so `resolve("main")`, `branchTip` and `commit` all see
/// the remote's state. A commit that was made but not pushed is dropped by the next fetch.
public actor GitStore {
    private enum State {
        /// Only while `open` runs: the handle is created on the store's own queue.
        case opening
        case open(RepositoryHandle)
    }

    private let executor: GitQueueExecutor
    private var state: State = .opening
    /// Where the repository came from, as classified from the `--repo` value.
    public nonisolated let source: RepositorySource
    /// The credentials and trusted host keys for every clone, fetch and push.
    let access: GitAccess

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    private init(source: RepositorySource, access: GitAccess) {
        self.source = source
        self.access = access
        self.executor = GitQueueExecutor(label: "rolesync.gitstore")
    }

    /// Opens a repository from a `--repo` value.
    ///
    /// A local path (bare or not; a subfolder of a working tree finds its `.git` like git does)
    /// is opened in place. A remote URL is cloned bare into
    /// `cacheDirectory/<name>-<hash>.git`, or fetched when that clone already exists.
    /// `access` gives the credentials and known hosts for remotes (`origin` included).
    public static func open(_ location: String, cacheDirectory: URL, access: GitAccess = .anonymous) async throws -> GitStore {
        _ = libgit2Initialised
        let source = RepositorySource(parsing: location)
        // A login written in the address is used like one given apart, and kept out of the clone.
        var access = access
        if let address = RemoteAddress(parsing: location), address.transport != .ssh {
            access.httpSecret = access.httpSecret ?? address.password
            access.httpUser = access.httpUser ?? address.user
        }
        let store = GitStore(source: source, access: access)
        try await store.attach(cacheDirectory: cacheDirectory)
        return store
    }

    private func attach(cacheDirectory: URL) throws {
        switch source {
        case .local(let path):
            state = .open(try Self.openRepository(at: path, isCacheClone: false))
        case .remote(let url):
            state = .open(try cloneOrUpdate(url: url, cacheDirectory: cacheDirectory))
        }
    }

    /// The open repository. Every public method runs after `open` finished, so it is set.
    var repository: RepositoryHandle {
        // Proves the custom executor is in charge: libgit2 is only ever called on this queue.
        dispatchPrecondition(condition: .onQueue(executor.queue))
        guard case .open(let handle) = state else {
            preconditionFailure("GitStore used before open finished")
        }
        return handle
    }

    static func openRepository(at path: String, isCacheClone: Bool) throws -> RepositoryHandle {
        let expanded = NSString(string: path).expandingTildeInPath
        var pointer: OpaquePointer?
        try check(git_repository_open_ext(&pointer, expanded, 0, nil), "open repository", expanded)
        guard let pointer else {
            throw GitError(kind: .failed, operation: "open repository", subject: expanded, message: "no repository returned")
        }
        return RepositoryHandle(pointer: pointer, isCacheClone: isCacheClone)
    }

    /// True when the repository has an `origin` remote to fetch from and push to.
    public var hasRemote: Bool {
        var remote: OpaquePointer?
        guard git_remote_lookup(&remote, repository.pointer, "origin") == 0 else { return false }
        git_remote_free(remote)
        return true
    }

    /// True for a repository without a working tree (including rolesync's cache clones).
    public var isBare: Bool { repository.isBare }

    /// The folder holding the repository's objects and refs (`.git`, or the bare repository).
    public var gitDirectory: String { repository.gitDirectory }
}
