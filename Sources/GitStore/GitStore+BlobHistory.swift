import CLibGit2
import Foundation

/// A file version met for the first time while walking history: the blob, the path it had and
/// the commit that brought it.
public struct FirstSeenBlob: Sendable, Hashable {
    public var id: String
    public var path: String
    public var commit: GitCommitInfo
}

/// What a history walk covered, so nothing it passed over goes unsaid.
public struct BlobHistorySummary: Sendable, Hashable {
    public var commits = 0
    public var blobsRead = 0
    public var bytesRead = 0
    /// Blobs over the size limit, counted and not read.
    public var skippedLarge = 0
    /// Blobs with a NUL byte in their first 8 KiB.
    public var skippedBinary = 0
    /// Every blob in the trees of the walk's tips: what is "still present".
    public var tipBlobs: Set<String> = []
}

extension GitStore {
    /// Local branch names (in a cache clone these mirror the remote's), sorted.
    public func branchNames() throws -> [String] {
        var iterator: OpaquePointer?
        try check(git_branch_iterator_new(&iterator, repository.pointer, GIT_BRANCH_LOCAL), "list branches of", nil)
        defer { git_branch_iterator_free(iterator) }
        var names: [String] = []
        var reference: OpaquePointer?
        var type = GIT_BRANCH_LOCAL
        while git_branch_next(&reference, &type, iterator) == 0 {
            defer { git_reference_free(reference) }
            var name: UnsafePointer<CChar>?
            if git_branch_name(&name, reference) == 0, let name { names.append(String(cString: name)) }
        }
        return names.sorted()
    }

    /// Walks every commit reachable from `tips` and not from `hiding`, parents before children,
    /// and hands each blob to `visit` once: the first time a commit adds or changes a file to
    /// that content (compared with its first parent; a root commit with nothing). The same
    /// content under another path or in a later commit is the same blob and is not read again.
    /// Commits authored before `after` are walked past without reading their files.
    ///
    /// Blobs over `maxBlobBytes` (judged from the object header, never inflated) and binary
    /// ones are counted in the summary, not read. `visit`'s non-nil results are returned with
    /// their blob, in walk order.
    public func walkBlobs<T: Sendable>(
        from tips: [String], hiding: [String] = [], after: Date? = nil, maxBlobBytes: Int,
        _ visit: @Sendable (FirstSeenBlob, Data) -> T?
    ) throws -> (results: [(FirstSeenBlob, T)], summary: BlobHistorySummary) {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, repository.pointer), "walk history of", tips.joined(separator: ", "))
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue), "sort history of", nil)
        var summary = BlobHistorySummary()
        for tip in tips {
            var id = try resolveOID(tip)
            try check(git_revwalk_push(walk, &id), "walk history of", tip)
            summary.tipBlobs.formUnion(try blobIds(atCommit: id))
        }
        for hidden in hiding {
            var id = try resolveOID(hidden)
            try check(git_revwalk_hide(walk, &id), "walk history after", hidden)
        }
        var seen = Set<String>()
        var results: [(FirstSeenBlob, T)] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "walk history of", tips.joined(separator: ", "))
            let info = try commitInfo(oid)
            if let after, info.date < after { continue }
            summary.commits += 1
            for (blob, path) in try changedBlobs(of: oid) where seen.insert(blob.hex).inserted {
                var blob = blob
                if try blobSize(&blob, path: path) > maxBlobBytes {
                    summary.skippedLarge += 1
                    continue
                }
                let contents = try blobContents(&blob, path: path)
                // A NUL in the first 8 KiB, found with memchr rather than Data's iterator.
                let binary = contents.withUnsafeBytes { bytes in bytes.baseAddress.map { memchr($0, 0, min(bytes.count, 8192)) != nil } ?? false }
                if binary {
                    summary.skippedBinary += 1
                    continue
                }
                summary.blobsRead += 1
                summary.bytesRead += contents.count
                let first = FirstSeenBlob(id: blob.hex, path: path, commit: info)
                if let result = visit(first, contents) { results.append((first, result)) }
            }
        }
        return (results, summary)
    }

    /// Runs `body` with the commit and its root tree, freed after.
    private func withCommitTree<T>(_ commitId: git_oid, _ body: (OpaquePointer, OpaquePointer) throws -> T) throws -> T {
        var id = commitId
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, repository.pointer, &id), "read commit", id.hex)
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit), "read the tree of", id.hex)
        defer { git_tree_free(tree) }
        return try body(commit!, tree!)
    }

    /// The blobs (and their paths) a commit adds or modifies relative to its first parent.
    private func changedBlobs(of commitId: git_oid) throws -> [(git_oid, String)] {
        try withCommitTree(commitId) { commit, tree in try changedBlobs(commit: commit, tree: tree, id: commitId) }
    }

    private func changedBlobs(commit: OpaquePointer, tree: OpaquePointer, id: git_oid) throws -> [(git_oid, String)] {
        var parentTree: OpaquePointer?
        if git_commit_parentcount(commit) > 0 {
            var parent: OpaquePointer?
            try check(git_commit_parent(&parent, commit, 0), "read the parent of", id.hex)
            defer { git_commit_free(parent) }
            try check(git_commit_tree(&parentTree, parent), "read the parent tree of", id.hex)
        }
        defer { if let parentTree { git_tree_free(parentTree) } }
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, repository.pointer, parentTree, tree, nil), "compare", id.hex)
        defer { git_diff_free(diff) }
        var changed: [(git_oid, String)] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee, delta.status != GIT_DELTA_DELETED,
                  delta.new_file.mode == GIT_FILEMODE_BLOB.rawValue || delta.new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue,
                  let path = delta.new_file.path
            else { continue }
            changed.append((delta.new_file.id, String(cString: path)))
        }
        return changed
    }

    /// Every blob id in a commit's tree.
    private func blobIds(atCommit commitId: git_oid) throws -> Set<String> {
        try withCommitTree(commitId) { _, tree in
            var ids = Set<String>()
            try collectBlobIds(tree, into: &ids)
            return ids
        }
    }

    private func collectBlobIds(_ tree: OpaquePointer, into ids: inout Set<String>) throws {
        for index in 0..<git_tree_entrycount(tree) {
            let entry = git_tree_entry_byindex(tree, index)
            let mode = git_tree_entry_filemode(entry)
            if mode == GIT_FILEMODE_TREE {
                var subtree: OpaquePointer?
                try check(git_tree_lookup(&subtree, repository.pointer, git_tree_entry_id(entry)), "read directory", nil)
                defer { git_tree_free(subtree) }
                try collectBlobIds(subtree!, into: &ids)
            } else if mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE {
                ids.insert(git_tree_entry_id(entry)!.pointee.hex)
            }
        }
    }
}
