import CLibGit2
import Foundation

extension GitStore {
    /// Fetches branches and tags from `origin` (pruning deleted branches). In a cache clone,
    /// local branches are then reset to the remote's.
    public func fetch() throws {
        try fetchOrigin(repository)
    }

    /// Pushes `refs/heads/<branch>` to the same branch on `origin`.
    ///
    /// A non-fast-forward update (the remote moved on) throws `GitError.Kind.pushRejected`:
    /// fetch, rebuild the commit on the new tip and push again.
    public func push(branch: String) throws {
        let remote = try lookUpOrigin(repository, operation: "push")
        defer { git_remote_free(remote.pointer) }
        let session = RemoteSession(address: remote.address, access: access)
        var options = git_push_options()
        git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION))
        session.install(into: &options.callbacks)
        // Smart transports (https, ssh) report a refused update through the callbacks while
        // git_remote_push still returns 0; the local transport fails with GIT_ENONFASTFORWARD.
        let refspec = "refs/heads/\(branch):refs/heads/\(branch)"
        let failure: GitError? = withStrArray([refspec]) { refspecs in
            let code = git_remote_push(remote.pointer, &refspecs, &options)
            guard code < 0 else { return nil }
            var error = session.error(code, operation: "push \(branch) to")
            if code == GIT_ENONFASTFORWARD.rawValue {
                error.kind = .pushRejected(branch: branch, reason: error.message)
            }
            return error
        }
        withExtendedLifetime(session) {}
        if let failure { throw failure }
        if let reason = session.pushRejections.first {
            throw GitError(
                kind: .pushRejected(branch: branch, reason: reason), operation: "push \(branch) to",
                subject: remote.address.url, message: "the remote rejected the update: \(reason)")
        }
    }

    /// The cache folder name for a remote URL: a readable name plus a hash of the whole URL,
    /// so different remotes never share a clone. Example: `desired-state-3f2a9c1e4b5d.git`.
    public nonisolated static func cacheFolderName(for url: String) -> String {
        _ = libgit2Initialised
        var trimmed = Substring(url)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed.hasSuffix(".git") { trimmed = trimmed.dropLast(4) }
        let last = trimmed.split(whereSeparator: { $0 == "/" || $0 == ":" }).last ?? ""
        let allowed = last.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" }
        var name = String(allowed.prefix(40))
        while name.hasPrefix(".") { name.removeFirst() }
        if name.isEmpty { name = "repository" }
        var oid = git_oid()
        let bytes = Array(url.utf8)
        git_odb_hash(&oid, bytes, bytes.count, GIT_OBJECT_BLOB)
        return "\(name)-\(oid.hex.prefix(12)).git"
    }

    /// Opens the cached clone of `url` and fetches, or clones it when there is none.
    ///
    /// The clone is made in a staging folder and renamed into place, so an interrupted clone
    /// never leaves a half-made repository where the next run would open it.
    func cloneOrUpdate(url given: String, cacheDirectory: URL) throws -> RepositoryHandle {
        let fileManager = FileManager.default
        let address = RemoteAddress(parsing: given)
        let url = address?.url ?? given
        let name = Self.cacheFolderName(for: url)
        let target = cacheDirectory.appendingPathComponent(name, isDirectory: true)
        if fileManager.fileExists(atPath: target.path) {
            if let handle = try? Self.openRepository(at: target.path, isCacheClone: true) {
                try fetchOrigin(handle)
                return handle
            }
            try? fileManager.removeItem(at: target)  // unreadable leftovers: clone afresh
        }
        do {
            try fileManager.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        } catch {
            throw GitError(kind: .failed, operation: "create cache folder", subject: cacheDirectory.path, message: "\(error)")
        }
        let staging = cacheDirectory.appendingPathComponent(".\(name).partial-\(UUID().uuidString.prefix(8))")
        defer { try? fileManager.removeItem(at: staging) }
        try cloneBare(address.map { [access] in RemoteSession(address: $0, access: access) }, url: url, into: staging.path)
        do {
            try fileManager.moveItem(at: staging, to: target)
        } catch _ where fileManager.fileExists(atPath: target.path) {
            // Another rolesync process finished the same clone first; use theirs.
        } catch {
            throw GitError(kind: .failed, operation: "move clone into", subject: target.path, message: "\(error)")
        }
        let handle = try Self.openRepository(at: target.path, isCacheClone: true)
        try mirrorRemoteBranches(handle)
        return handle
    }

    private func cloneBare(_ session: RemoteSession?, url: String, into path: String) throws {
        var options = git_clone_options()
        git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION))
        options.bare = 1
        options.fetch_opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL
        session?.install(into: &options.fetch_opts.callbacks)
        var pointer: OpaquePointer?
        let code = git_clone(&pointer, url, path, &options)
        withExtendedLifetime(session) {}
        if code < 0 {
            throw session?.error(code, operation: "clone") ?? GitError.libgit2(code, operation: "clone", subject: url)
        }
        git_repository_free(pointer)
    }

    private func fetchOrigin(_ handle: RepositoryHandle) throws {
        let remote = try lookUpOrigin(handle, operation: "fetch")
        defer { git_remote_free(remote.pointer) }
        let session = RemoteSession(address: remote.address, access: access)
        var options = git_fetch_options()
        git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL
        options.prune = GIT_FETCH_PRUNE
        session.install(into: &options.callbacks)
        let code = git_remote_fetch(remote.pointer, nil, &options, "rolesync: fetch")
        withExtendedLifetime(session) {}
        if code < 0 { throw session.error(code, operation: "fetch") }
        if handle.isCacheClone { try mirrorRemoteBranches(handle) }
    }

    /// The `origin` remote and its address. A cache clone made before secrets were kept out of
    /// clones may still have a password in its configured URL: it is rewritten without it.
    private func lookUpOrigin(_ handle: RepositoryHandle, operation: String) throws -> (pointer: OpaquePointer, address: RemoteAddress) {
        var remote: OpaquePointer?
        let code = git_remote_lookup(&remote, handle.pointer, "origin")
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError(kind: .noRemote, operation: operation, subject: handle.gitDirectory,
                           code: code, message: "the repository has no 'origin' remote")
        }
        try check(code, "\(operation): look up remote 'origin' in", handle.gitDirectory)
        let configured = String(cString: git_remote_url(remote))
        guard let address = RemoteAddress(parsing: configured) ?? RemoteAddress(parsing: "file://" + configured) else {
            git_remote_free(remote)
            throw GitError(kind: .invalidArgument, operation: operation, subject: handle.gitDirectory,
                           message: "the 'origin' remote has an address rolesync cannot read")
        }
        guard address.password == nil || !handle.isCacheClone else {
            git_remote_free(remote)
            try check(git_remote_set_url(handle.pointer, "origin", address.url), "\(operation): clean the remote address in", handle.gitDirectory)
            return try lookUpOrigin(handle, operation: operation)
        }
        return (remote!, address)
    }

    /// Points every local branch at its `refs/remotes/origin/*` counterpart, so a cache clone
    /// reads and builds on exactly what the remote has. Branches only we have are kept.
    private func mirrorRemoteBranches(_ handle: RepositoryHandle) throws {
        let prefix = "refs/remotes/origin/"
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle.pointer, prefix + "*"),
                  "list remote branches in", handle.gitDirectory)
        defer { git_reference_iterator_free(iterator) }
        while true {
            var reference: OpaquePointer?
            let code = git_reference_next(&reference, iterator)
            if code == GIT_ITEROVER.rawValue { return }
            try check(code, "list remote branches in", handle.gitDirectory)
            defer { git_reference_free(reference) }
            guard git_reference_type(reference) == GIT_REFERENCE_DIRECT,
                  let target = git_reference_target(reference) else { continue }
            let branch = String(String(cString: git_reference_name(reference)).dropFirst(prefix.count))
            var local: OpaquePointer?
            try check(git_reference_create(&local, handle.pointer, "refs/heads/\(branch)", target, 1,
                                           "rolesync: mirror origin/\(branch)"), "update branch", branch)
            git_reference_free(local)
        }
    }
}
