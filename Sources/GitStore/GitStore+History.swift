import CLibGit2
import Foundation

extension GitStore {
    /// Up to `limit` commits reachable from `branch`, newest first. A branch that does not
    /// exist has no history yet: the result is empty rather than an error. `branch` may also
    /// be any revision `resolve` accepts (`origin/main`, a tag).
    public func log(branch: String, limit: Int) throws -> [GitCommitInfo] {
        guard limit > 0 else { return [] }
        var tip: git_oid
        if let local = try branchTipOID(branch) {
            tip = local
        } else {
            do { tip = try resolveOID(branch) } catch let error as GitError where error.kind == .notFound { return [] }
        }
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, repository.pointer), "walk history of", branch)
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "sort history of", branch)
        try check(git_revwalk_push(walk, &tip), "walk history of", branch)
        var commits: [GitCommitInfo] = []
        var oid = git_oid()
        while commits.count < limit {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "walk history of", branch)
            commits.append(try commitInfo(oid))
        }
        return commits
    }

    /// The repository-relative paths that differ between the trees of two revisions (added,
    /// removed or modified), limited to `directory` when given, sorted. For a pull request,
    /// compare from `mergeBase(base, head)` so changes made on the base meanwhile are left out.
    public func changedFiles(from base: String, to head: String, under directory: String? = nil) throws -> [String] {
        let oldTree = try tree(at: base)
        defer { git_tree_free(oldTree) }
        let newTree = try tree(at: head)
        defer { git_tree_free(newTree) }
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, repository.pointer, oldTree, newTree, nil), "compare", "\(base)..\(head)")
        defer { git_diff_free(diff) }
        let directory = normalisedDirectory(directory)
        var paths = Set<String>()
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            for file in [delta.old_file, delta.new_file] {
                guard let cPath = file.path else { continue }
                let path = String(cString: cPath)
                if isPath(path, under: directory) { paths.insert(path) }
            }
        }
        return paths.sorted()
    }

    /// The best common ancestor of two revisions, or nil when their histories are unrelated.
    public func mergeBase(_ one: String, _ two: String) throws -> String? {
        var first = try resolveOID(one)
        var second = try resolveOID(two)
        var base = git_oid()
        let code = git_merge_base(&base, repository.pointer, &first, &second)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "find merge base of", "\(one) and \(two)")
        return base.hex
    }

    /// Whether `ancestor` is `head` or one of its ancestors. False when `ancestor` is not in the
    /// repository at all (a rewritten history whose old commits were never fetched, or pruned).
    public func history(of head: String, contains ancestor: String) throws -> Bool {
        var headID = try resolveOID(head)
        guard var ancestorID = try? resolveOID(ancestor) else { return false }
        if headID.hex == ancestorID.hex { return true }
        let code = git_graph_descendant_of(repository.pointer, &headID, &ancestorID)
        try check(code, "compare the histories of", "\(head) and \(ancestor)")
        return code == 1
    }

    func commitInfo(_ id: git_oid) throws -> GitCommitInfo {
        var id = id
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, repository.pointer, &id), "read commit", id.hex)
        defer { git_commit_free(commit) }
        let parents = (0..<git_commit_parentcount(commit)).compactMap { git_commit_parent_id(commit, $0)?.pointee.hex }
        let author = git_commit_author(commit)!.pointee
        return GitCommitInfo(
            sha: id.hex,
            parents: parents,
            message: git_commit_message(commit).map { String(cString: $0) } ?? "",
            authorName: String(cString: author.name),
            authorEmail: String(cString: author.email),
            date: Date(timeIntervalSince1970: TimeInterval(author.when.time)))
    }
}
