import CLibGit2
import Foundation

/// Initialises libgit2 once per process; `git_libgit2_init` is reference-counted and
/// thread-safe, and libgit2 stays initialised until the process exits.
let libgit2Initialised: Int32 = git_libgit2_init()

/// Owns a `git_repository` pointer and frees it.
///
/// Not `Sendable`: libgit2 objects must be used by one thread at a time, so a handle lives
/// inside the `GitStore` actor, whose jobs all run on one serial queue.
final class RepositoryHandle {
    let pointer: OpaquePointer
    /// True when rolesync cloned this repository into its cache. Its local branches then
    /// mirror the remote's after every fetch.
    let isCacheClone: Bool

    init(pointer: OpaquePointer, isCacheClone: Bool) {
        self.pointer = pointer
        self.isCacheClone = isCacheClone
    }

    deinit { git_repository_free(pointer) }

    var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// The working directory, without a trailing slash; nil for bare repositories.
    var workingDirectory: String? {
        guard let workdir = git_repository_workdir(pointer) else { return nil }
        let path = String(cString: workdir)
        return path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
    }

    /// The repository's `.git` folder, or the repository itself when bare.
    var gitDirectory: String {
        let path = String(cString: git_repository_path(pointer))
        return path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
    }
}

extension git_oid {
    /// The 40 hex digits of an object id.
    var hex: String {
        var copy = self
        var digits = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ))
        git_oid_fmt(&digits, &copy)  // writes exactly 40 digits, no terminator
        return String(decoding: digits.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Calls `body` with a `git_strarray` of copies of `strings`, freed afterwards.
func withStrArray<Result>(_ strings: [String], _ body: (inout git_strarray) throws -> Result) rethrows -> Result {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers = copies
    return try pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}

/// Normalises a directory argument: nil, "", "." and "/" mean the repository root (nil);
/// otherwise strips "./" and slashes at both ends.
func normalisedDirectory(_ directory: String?) -> String? {
    guard var value = directory else { return nil }
    while value.hasPrefix("./") { value.removeFirst(2) }
    value = value.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    return value.isEmpty || value == "." ? nil : value
}

/// True when `path` is `directory` itself or lies below it; always true for the root.
func isPath(_ path: String, under directory: String?) -> Bool {
    guard let directory else { return true }
    return path == directory || path.hasPrefix(directory + "/")
}
