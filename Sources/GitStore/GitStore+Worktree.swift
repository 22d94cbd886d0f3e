import CLibGit2
import Foundation

extension GitStore {
    /// The files in the working directory below `directory` (everything when nil) whose
    /// repository-relative paths pass `include`, sorted by path: what `--worktree` validates,
    /// committed or not.
    ///
    /// Throws `refused` when an entry breaks `ReadLimits.default` or has an unsafe name
    /// (see `readWorktreeFiles(under:within:where:)`); otherwise as that method.
    public func readWorktreeFiles(
        under directory: String? = nil, where include: @Sendable (String) -> Bool = { _ in true }
    ) throws -> [GitFile] {
        let read = try readWorktreeFiles(under: directory, within: .default, where: include)
        guard read.refused.isEmpty else { throw GitError.refused(read.refused, reading: "worktree") }
        return read.files
    }

    /// The working-tree files, bounded by `limits` as `readFiles(at:under:within:where:)` is:
    /// unsafe names are refused, and each file's size is taken with `stat` before it is opened
    /// (and the read itself stops one byte past the limit, in case the file grows meanwhile).
    ///
    /// Skips `.git`, paths the repository's ignore rules exclude (so build output and editor
    /// files stay out), and symbolic links (as `readFiles` does). Throws `bareRepository`
    /// for a repository without a working tree and `notFound` when `directory` is missing.
    public func readWorktreeFiles(
        under directory: String?, within limits: ReadLimits, where include: @Sendable (String) -> Bool
    ) throws -> BoundedRead {
        guard let root = repository.workingDirectory else {
            throw GitError(kind: .bareRepository, operation: "read working tree of", subject: repository.gitDirectory,
                           message: "the repository is bare and has no working tree")
        }
        let directory = normalisedDirectory(directory)
        let start = directory.map { root + "/" + $0 } ?? root
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: start, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GitError(kind: .notFound, operation: "read working tree directory", subject: start,
                           message: "no directory '\(directory ?? ".")' in the working tree")
        }
        var budget = ReadBudget(limits: limits)
        try collectWorktreeFiles(root: root, relative: directory, include: include, budget: &budget)
        return budget.result
    }

    private func collectWorktreeFiles(
        root: String, relative: String?, include: (String) -> Bool, budget: inout ReadBudget
    ) throws {
        let fileManager = FileManager.default
        let folder = relative.map { root + "/" + $0 } ?? root
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: folder)
        } catch {
            throw GitError(kind: .failed, operation: "list working tree directory", subject: folder, message: "\(error)")
        }
        // A nested `.git` is another repository's metadata, as `git status` treats it.
        for name in names.sorted() where name != ".git" {
            let path = relative.map { $0 + "/" + name } ?? name
            guard try !isIgnored(path) else { continue }
            if let problem = EntryName.problem(name) {
                budget.refuse(path, .unsafeName(problem))
                continue
            }
            let attributes = try? fileManager.attributesOfItem(atPath: root + "/" + path)
            let type = attributes?[.type] as? FileAttributeType
            if type == .typeDirectory {
                try collectWorktreeFiles(root: root, relative: path, include: include, budget: &budget)
            } else if type == .typeRegular, include(path) {
                let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
                guard budget.admit(path: path, size: size) else { continue }
                guard let contents = try readWorktreeFile(root + "/" + path, path: path, budget: &budget) else { continue }
                budget.files.append(GitFile(path: path, contents: contents))
            }
        }
    }

    /// Reads at most one byte more than the per-file limit; nil (and refused) when the file
    /// turned out larger than its `stat` said.
    private func readWorktreeFile(_ fullPath: String, path: String, budget: inout ReadBudget) throws -> Data? {
        guard let handle = FileHandle(forReadingAtPath: fullPath) else {
            throw GitError(kind: .failed, operation: "read working tree file", subject: EntryName.escaped(path),
                           message: "the file could not be read")
        }
        defer { try? handle.close() }
        let limit = budget.limits.maxFileBytes
        let contents: Data
        do {
            contents = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw GitError(kind: .failed, operation: "read working tree file", subject: EntryName.escaped(path),
                           message: "\(error)")
        }
        guard contents.count <= limit else {
            budget.refuse(path, .fileTooLarge(size: contents.count, limit: limit))
            return nil
        }
        return contents
    }

    private func isIgnored(_ path: String) throws -> Bool {
        var ignored: Int32 = 0
        try check(git_ignore_path_is_ignored(&ignored, repository.pointer, path), "check ignore rules for", path)
        return ignored == 1
    }
}
