import Foundation

/// One entry of a tree written byte for byte with `git mktree -z`, which takes names Git's
/// other commands refuse to create (`..`, `.git`, names with a newline or an escape).
public indirect enum RawTreeEntry: Sendable {
    case file(String, contents: String)
    /// A blob already in the object database, by id (a forged object, say).
    case blob(String, id: String)
    case directory(String, [RawTreeEntry])
}

extension GitFixture {
    /// Writes `entries` as a tree, commits it on top of `main` (or as the first commit), moves
    /// `main` there and returns the commit. The working tree is left alone.
    @discardableResult
    public func commitRawTree(_ entries: [RawTreeEntry], message: String = "Raw tree") async throws -> String {
        let tree = try await writeRawTree(entries)
        let parent = try await ProcessRunner.run(
            ["git", "-C", path, "rev-parse", "--verify", "--quiet", "refs/heads/main"], environment: GitCLI.environment)
        let parents = parent.exitCode == 0 ? ["-p", String(parent.stdout.dropLast())] : []
        let commit = try await GitCLI.run(["commit-tree", tree, "-m", message] + parents, in: url)
        try await git("update-ref", "refs/heads/main", commit)
        return commit
    }

    /// Writes one tree (and its subtrees and blobs) and returns its id.
    public func writeRawTree(_ entries: [RawTreeEntry]) async throws -> String {
        var listing = ""
        for entry in entries {
            switch entry {
            case let .file(name, contents):
                listing += "100644 blob \(try await hashObject(contents))\t\(name)\0"
            case let .blob(name, id):
                listing += "100644 blob \(id)\t\(name)\0"
            case let .directory(name, children):
                listing += "040000 tree \(try await writeRawTree(children))\t\(name)\0"
            }
        }
        return try await gitWithInput(["mktree", "-z"], input: listing)
    }

    /// `git hash-object -w` of `contents`; returns the blob id.
    public func hashObject(_ contents: String) async throws -> String {
        try await gitWithInput(["hash-object", "-w", "--stdin"], input: contents)
    }

    private func gitWithInput(_ arguments: [String], input: String) async throws -> String {
        let result = try await ProcessRunner.run(
            ["git"] + GitCLI.settings + arguments, in: url, environment: GitCLI.environment, input: input)
        guard result.exitCode == 0 else { throw ProcessFailure(command: arguments, result: result) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a loose blob whose header claims `claimedSize` bytes but which holds only a few:
    /// its header can be read, its contents cannot (libgit2 reports it corrupt). A read that
    /// succeeds on a tree naming it proves the contents were never read.
    public func writeTruncatedBlob(claimedSize: Int) throws -> String {
        let id = "5eed" + String(repeating: "0", count: 30) + String(format: "%06x", claimedSize % 0xFFFFFF)
        let objects = url.appendingPathComponent(isBare ? "objects" : ".git/objects")
        let folder = objects.appendingPathComponent(String(id.prefix(2)))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let payload = Data("blob \(claimedSize)\0only a few bytes".utf8)
        try ZlibStored.compress(payload).write(to: folder.appendingPathComponent(String(id.dropFirst(2))))
        return id
    }
}

/// A zlib stream of one stored (uncompressed) block: all a loose object needs, without zlib.
enum ZlibStored {
    static func compress(_ data: Data) -> Data {
        precondition(data.count <= 0xFFFF, "one stored block holds at most 65535 bytes")
        let length = UInt16(data.count)
        var out = Data([0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)])
        out.append(data)
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        let adler = b << 16 | a
        out.append(contentsOf: [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)])
        return out
    }
}
