import CLibGit2
import Foundation

extension GitStore {
    /// Writes `files` as a new commit on `branch`, straight into the object database (no
    /// working tree or index is touched), and returns its sha.
    ///
    /// The new tree is the parent's tree with `files` added or replaced. The parent is
    /// `expectedTip`; when the branch is not at `expectedTip` (nil: the branch must not exist
    /// yet), nothing changes and `GitError.Kind.tipMoved` is thrown. The branch update itself
    /// is atomic (`git_reference_create_matching`), so a writer racing between the check and
    /// the update also loses with `tipMoved` rather than being overwritten.
    public func commit(
        files: [GitFile], onto branch: String, expectedTip: String?, message: String, author: GitSignature
    ) throws -> String {
        try files.forEach { try Self.validateFilePath($0.path) }
        let referenceName = Self.branchReferenceName(branch)
        var expected = try expectedTip.map { try Self.parseSha($0) }
        let current = try branchTipOID(branch)
        guard current?.hex == expected?.hex else {
            throw tipMoved(branch, expected: expectedTip, actual: current?.hex)
        }

        var parent: OpaquePointer?
        if var expected {
            try check(git_commit_lookup(&parent, repository.pointer, &expected), "read parent commit", expected.hex)
        }
        defer { git_commit_free(parent) }
        var treeID = try writeTree(files, over: parent)
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, repository.pointer, &treeID), "read new tree", treeID.hex)
        defer { git_tree_free(tree) }

        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&signature, author.name, author.email,
                                    git_time_t(author.date.timeIntervalSince1970.rounded(.down)), 0),
                  "make signature for", "\(author.name) <\(author.email)>")
        defer { git_signature_free(signature) }

        var commitID = git_oid()
        let text = message.hasSuffix("\n") ? message : message + "\n"
        var parents: [OpaquePointer?] = parent.map { [$0] } ?? []
        try check(git_commit_create(&commitID, repository.pointer, nil, signature, signature, nil, text, tree,
                                    parents.count, &parents), "create commit on", branch)

        var reference: OpaquePointer?
        let logMessage = "rolesync: commit"
        let code: Int32
        if expected != nil {
            code = git_reference_create_matching(&reference, repository.pointer, referenceName, &commitID, 1, &expected!, logMessage)
        } else {
            code = git_reference_create(&reference, repository.pointer, referenceName, &commitID, 0, logMessage)
        }
        if code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue {
            throw tipMoved(branch, expected: expectedTip, actual: try branchTipOID(branch)?.hex)
        }
        try check(code, "update branch", referenceName)
        git_reference_free(reference)
        return commitID.hex
    }

    /// The parent's tree with `files` staged over it, written to the object database.
    ///
    /// An in-memory index cannot take file contents directly ("Index is not backed up by an
    /// existing repository"), so each file becomes a blob first and the index gets an entry
    /// pointing at it; `git_index_write_tree_to` then writes all nested trees.
    private func writeTree(_ files: [GitFile], over parent: OpaquePointer?) throws -> git_oid {
        var index: OpaquePointer?
        try check(git_index_new(&index), "create in-memory index", nil)
        defer { git_index_free(index) }
        if let parent {
            var parentTree: OpaquePointer?
            try check(git_commit_tree(&parentTree, parent), "read parent tree", nil)
            defer { git_tree_free(parentTree) }
            try check(git_index_read_tree(index, parentTree), "read parent tree into index", nil)
        }
        for file in files {
            let blobID = try writeBlob(file)
            var entry = git_index_entry()
            entry.mode = UInt32(GIT_FILEMODE_BLOB.rawValue)
            entry.file_size = UInt32(truncatingIfNeeded: file.contents.count)
            entry.id = blobID
            try file.path.withCString { path in
                entry.path = path
                try check(git_index_add(index, &entry), "stage file", file.path)
            }
        }
        var treeID = git_oid()
        try check(git_index_write_tree_to(&treeID, index, repository.pointer), "write tree", nil)
        return treeID
    }

    private func writeBlob(_ file: GitFile) throws -> git_oid {
        var blobID = git_oid()
        let code: Int32 = file.contents.withUnsafeBytes { bytes in
            // libgit2 wants a non-null buffer even for an empty file.
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return "".withCString { git_blob_create_from_buffer(&blobID, repository.pointer, $0, 0) }
            }
            return git_blob_create_from_buffer(&blobID, repository.pointer, base, bytes.count)
        }
        try check(code, "write file", file.path)
        return blobID
    }

    private func tipMoved(_ branch: String, expected: String?, actual: String?) -> GitError {
        GitError(kind: .tipMoved(branch: branch, expected: expected, actual: actual),
                 operation: "commit onto branch", subject: branch,
                 message: "the branch \(actual.map { "is at \($0)" } ?? "does not exist"), expected \(expected ?? "it not to exist")")
    }

    static func parseSha(_ sha: String) throws -> git_oid {
        var oid = git_oid()
        guard sha.utf8.count == Int(GIT_OID_HEXSZ), git_oid_fromstr(&oid, sha) == 0 else {
            throw GitError(kind: .invalidArgument, operation: "parse commit sha", subject: sha,
                           message: "expected a full 40-digit commit sha")
        }
        return oid
    }

    /// Rejects paths that would escape the tree or write into `.git`.
    static func validateFilePath(_ path: String) throws {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        let bad = path.isEmpty || path.contains("\0") || components.contains { component in
            component.isEmpty || component == "." || component == ".." || component.lowercased() == ".git"
        }
        if bad {
            throw GitError(kind: .invalidArgument, operation: "commit file", subject: path,
                           message: "paths must be relative, use '/' and not contain '', '.', '..' or '.git' components")
        }
    }
}
