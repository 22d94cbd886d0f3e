import CLibGit2
import Foundation

extension GitStore {
    /// The files in the working directory below `directory` (everything when nil) whose
    /// repository-relative paths pass `include`, sorted by path: what `--worktree` validates,
    /// committed or not.
    ///
    /// Skips `.git`, paths the repository's ignore rules exclude (so build output and editor
    /// files stay out), and symbolic links (as `readFiles` does). Throws `bareRepository`
    /// for a repository without a working tree and `notFound` when `directory` is missing.
    public func readWorktreeFiles(
        under directory: String? = nil, where include: @Sendable (String) -> Bool = { _ in true }
    ) throws -> [GitFile] {
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
        var files: [GitFile] = []
        try collectWorktreeFiles(root: root, relative: directory, include: include, into: &files)
        return files.sorted { $0.path < $1.path }
    }

    private func collectWorktreeFiles(
        root: String, relative: String?, include: (String) -> Bool, into files: inout [GitFile]
    ) throws {
        let fileManager = FileManager.default
        let folder = relative.map { root + "/" + $0 } ?? root
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: folder)
        } catch {
            throw GitError(kind: .failed, operation: "list working tree directory", subject: folder, message: "\(error)")
        }
        for name in names where name != ".git" {
            let path = relative.map { $0 + "/" + name } ?? name
            let type = (try? fileManager.attributesOfItem(atPath: root + "/" + path)[.type]) as? FileAttributeType
            guard type == .typeDirectory || type == .typeRegular, try !isIgnored(path) else { continue }
            if type == .typeDirectory {
                try collectWorktreeFiles(root: root, relative: path, include: include, into: &files)
            } else if include(path) {
                guard let contents = fileManager.contents(atPath: root + "/" + path) else {
                    throw GitError(kind: .failed, operation: "read working tree file", subject: path,
                                   message: "the file could not be read")
                }
                files.append(GitFile(path: path, contents: contents))
            }
        }
    }

    private func isIgnored(_ path: String) throws -> Bool {
        var ignored: Int32 = 0
        try check(git_ignore_path_is_ignored(&ignored, repository.pointer, path), "check ignore rules for", path)
        return ignored == 1
    }
}
