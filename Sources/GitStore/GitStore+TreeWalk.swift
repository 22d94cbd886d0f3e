import CLibGit2
import Foundation

/// The running totals of one bounded read, shared by the tree walk and the working-tree walk.
struct ReadBudget {
    let limits: ReadLimits
    private(set) var bytesRead = 0
    /// Set once a file would have crossed `maxTotalBytes`: nothing more is read after it.
    private(set) var exhausted = false
    var files: [GitFile] = []
    var refused: [RefusedEntry] = []

    init(limits: ReadLimits) {
        self.limits = limits
    }

    /// Checks a file of `size` bytes against both limits before it is read; true when it may be
    /// read (and its size is then counted), false when it was refused or the budget is spent.
    mutating func admit(path: String, size: Int) -> Bool {
        guard !exhausted else { return false }
        if size > limits.maxFileBytes {
            refuse(path, .fileTooLarge(size: size, limit: limits.maxFileBytes))
            return false
        }
        if bytesRead + size > limits.maxTotalBytes {
            refuse(path, .totalTooLarge(readSoFar: bytesRead, size: size, limit: limits.maxTotalBytes))
            exhausted = true
            return false
        }
        bytesRead += size
        return true
    }

    mutating func refuse(_ path: String, _ reason: RefusedEntry.Reason) {
        refused.append(RefusedEntry(displayPath: EntryName.escaped(path), reason: reason))
    }

    var result: BoundedRead {
        BoundedRead(files: files.sorted { $0.path < $1.path }, refused: refused)
    }
}

extension GitStore {
    /// Walks `tree` depth first. Every entry's name is checked before anything else is done with
    /// it (an unsafe directory is not entered); a blob's size comes from the object database's
    /// header, so an oversized blob is refused without being inflated.
    func walk(
        _ tree: OpaquePointer, prefix: String, include: (String) -> Bool, budget: inout ReadBudget
    ) throws {
        for index in 0..<git_tree_entrycount(tree) {
            let entry = git_tree_entry_byindex(tree, index)
            let rawName = git_tree_entry_name(entry)!
            let bytes = Array(UnsafeBufferPointer(start: rawName, count: strlen(rawName))).map { UInt8(bitPattern: $0) }
            let path = prefix + String(decoding: bytes, as: UTF8.self)
            if let problem = EntryName.problem(bytes: bytes) {
                budget.refuse(path, .unsafeName(problem))
                continue
            }
            let mode = git_tree_entry_filemode(entry)
            if mode == GIT_FILEMODE_TREE {
                var subtree: OpaquePointer?
                try check(git_tree_lookup(&subtree, repository.pointer, git_tree_entry_id(entry)), "read directory", path)
                defer { git_tree_free(subtree) }
                try walk(subtree!, prefix: path + "/", include: include, budget: &budget)
            } else if mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE, include(path) {
                let id = git_tree_entry_id(entry)
                guard budget.admit(path: path, size: try blobSize(id, path: path)) else { continue }
                budget.files.append(GitFile(path: path, contents: try blobContents(id, path: path)))
            }
        }
    }

    /// A blob's size from its object header: for a loose object only the first bytes are
    /// inflated, for a packed one the pack's index and entry header are read.
    func blobSize(_ id: UnsafePointer<git_oid>!, path: String) throws -> Int {
        var database: OpaquePointer?
        try check(git_repository_odb(&database, repository.pointer), "open object database for", path)
        defer { git_odb_free(database) }
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check(git_odb_read_header(&size, &type, database, id), "read object header of", path)
        return size
    }

    func blobContents(_ id: UnsafePointer<git_oid>!, path: String) throws -> Data {
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, repository.pointer, id), "read file", path)
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let bytes = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: bytes, count: size)
    }
}
