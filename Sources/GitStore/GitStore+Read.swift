import CLibGit2
import Foundation

extension GitStore {
    /// Resolves a revision to a commit sha: "HEAD", a branch (local, or `origin/<b>`), a tag
    /// (annotated or lightweight), a full or short sha, or any git revision syntax (`main~1`).
    ///
    /// Throws `GitError` of kind `notFound` naming `ref` when nothing matches.
    public func resolve(_ ref: String) throws -> String {
        try resolveOID(ref).hex
    }

    /// The commit a local branch points at, or nil when the branch does not exist.
    /// `branch` is a short name ("rolesync/decisions") or a full "refs/heads/…" name.
    public func branchTip(_ branch: String) throws -> String? {
        try branchTipOID(branch)?.hex
    }

    /// Every file below `directory` (the whole tree when nil) at `commit` whose repository-
    /// relative path passes `include`, read straight from the object database (no checkout),
    /// sorted by path. Symbolic links and submodules are skipped.
    ///
    /// Throws `notFound` when `directory` does not exist at that commit, and `refused` when
    /// an entry breaks `ReadLimits.default` or has an unsafe name (see `readFiles(at:under:within:where:)`).
    public func readFiles(
        at commit: String, under directory: String? = nil, where include: @Sendable (String) -> Bool = { _ in true }
    ) throws -> [GitFile] {
        let read = try readFiles(at: commit, under: directory, within: .default, where: include)
        guard read.refused.isEmpty else { throw GitError.refused(read.refused, reading: commit) }
        return read.files
    }

    /// Like `readFiles(at:under:where:)`, bounded by `limits`, and listing instead of throwing
    /// the entries it refused: any path component that `EntryName` rejects (checked for every
    /// entry, whether or not `include` would pass it, so nothing below it is even listed), a
    /// file over `maxFileBytes` (found from its object header before it is read), and the file
    /// that would take the read past `maxTotalBytes` (nothing after it is read).
    public func readFiles(
        at commit: String, under directory: String?, within limits: ReadLimits, where include: @Sendable (String) -> Bool
    ) throws -> BoundedRead {
        let root = try tree(at: commit)
        defer { git_tree_free(root) }
        var budget = ReadBudget(limits: limits)
        guard let directory = normalisedDirectory(directory) else {
            try walk(root, prefix: "", include: include, budget: &budget)
            return budget.result
        }
        let subtree = try lookUpSubtree(directory, in: root, commit: commit)
        defer { git_tree_free(subtree) }
        try walk(subtree, prefix: directory + "/", include: include, budget: &budget)
        return budget.result
    }

    /// One file's contents at `commit`, or nil when there is no file at `path`.
    public func readFile(_ path: String, at commit: String) throws -> Data? {
        let root = try tree(at: commit)
        defer { git_tree_free(root) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, root, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "read \(path) at", commit)
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return try blobContents(git_tree_entry_id(entry), path: path)
    }

    // MARK: - Helpers shared with writing and history

    func resolveOID(_ ref: String) throws -> git_oid {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, repository.pointer, ref)
        if code < 0 {
            var error = GitError.libgit2(code, operation: "resolve ref", subject: ref)
            if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue {
                error.kind = .notFound
                error.message = "no branch, tag or commit named '\(ref)' (\(error.message))"
            }
            throw error
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "resolve ref to a commit", ref)
        defer { git_object_free(commit) }
        return git_object_id(commit).pointee
    }

    func branchTipOID(_ branch: String) throws -> git_oid? {
        let name = Self.branchReferenceName(branch)
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, repository.pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "read branch", name)
        return oid
    }

    static func branchReferenceName(_ branch: String) -> String {
        branch.hasPrefix("refs/") ? branch : "refs/heads/\(branch)"
    }

    /// The root tree of the commit `ref` resolves to; free it with `git_tree_free`.
    func tree(at ref: String) throws -> OpaquePointer {
        var oid = try resolveOID(ref)
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, repository.pointer, &oid), "read commit", ref)
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit), "read tree of", ref)
        return tree!
    }

    private func lookUpSubtree(_ directory: String, in root: OpaquePointer, commit: String) throws -> OpaquePointer {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, root, directory)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError(kind: .notFound, operation: "read directory", subject: directory, code: code,
                           message: "no directory '\(directory)' at \(commit)")
        }
        try check(code, "read directory", directory)
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else {
            throw GitError(kind: .notFound, operation: "read directory", subject: directory,
                           message: "'\(directory)' is a file, not a directory, at \(commit)")
        }
        var subtree: OpaquePointer?
        try check(git_tree_lookup(&subtree, repository.pointer, git_tree_entry_id(entry)), "read directory", directory)
        return subtree!
    }
}
