import Foundation

/// An SSH key pair made with `ssh-keygen` for tests that sign commits and files the way an
/// operator would (`gpg.format=ssh`, `ssh-keygen -Y sign`).
public struct SSHKey: Sendable {
    public enum KeyType: Sendable {
        case ed25519
        case ecdsa(bits: Int)
        case rsa(bits: Int)
        case dsa

        var arguments: [String] {
            switch self {
            case .ed25519: ["-t", "ed25519"]
            case .ecdsa(let bits): ["-t", "ecdsa", "-b", String(bits)]
            case .rsa(let bits): ["-t", "rsa", "-b", String(bits)]
            case .dsa: ["-t", "dsa"]
            }
        }
    }

    /// The private key file, unencrypted.
    public let privateKey: URL
    /// The `.pub` file's line: `keytype base64key comment`.
    public let publicKeyLine: String
    /// The fingerprint `ssh-keygen -lf key.pub` prints (`SHA256:…`).
    public let fingerprint: String

    /// `ssh-keygen -t … -N '' -f <directory>/<name>`.
    public static func generate(_ type: KeyType, named name: String, in directory: TemporaryDirectory) async throws -> SSHKey {
        let file = directory.url.appendingPathComponent(name)
        try await ProcessRunner.check(["ssh-keygen", "-q"] + type.arguments + ["-N", "", "-C", name, "-f", file.path])
        let publicLine = try String(contentsOf: file.appendingPathExtension("pub"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // "256 SHA256:… comment (ED25519)": the fingerprint is the second field.
        let listing = try await ProcessRunner.check(["ssh-keygen", "-lf", file.path + ".pub"])
        let fingerprint = listing.split(separator: " ").dropFirst().first.map(String.init) ?? listing
        return SSHKey(privateKey: file, publicKeyLine: publicLine, fingerprint: fingerprint)
    }

    /// The key type and base64 key, without the comment.
    public var publicKey: String {
        publicKeyLine.split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// A line for an allowed-signers file.
    public func allowedSignersLine(principal: String, options: String? = nil) -> String {
        [principal, options, publicKey].compactMap { $0 }.joined(separator: " ")
    }

    /// `ssh-keygen -Y sign -n namespace -f key file`: the armored signature of `file`.
    public func sign(_ file: URL, namespace: String, hashAlgorithm: String? = nil) async throws -> String {
        let signature = URL(fileURLWithPath: file.path + ".sig")
        try? FileManager.default.removeItem(at: signature)
        let options = hashAlgorithm.map { ["-O", "hashalg=\($0)"] } ?? []
        try await ProcessRunner.check(["ssh-keygen", "-q", "-Y", "sign", "-n", namespace, "-f", privateKey.path] + options + [file.path])
        return try String(contentsOf: signature, encoding: .utf8)
    }
}

extension GitFixture {
    /// Writes the files, stages everything and commits signed with `key` (git's SSH signing,
    /// which runs `ssh-keygen -Y sign -n git`); returns the new commit's sha. `committerDate`
    /// (any format git accepts, e.g. `@1700000000 +0000`) fixes the committer and author time.
    @discardableResult
    public func commitSigned(
        _ files: [String: String], message: String, key: SSHKey, committerDate: String? = nil
    ) async throws -> String {
        for (relativePath, contents) in files.sorted(by: { $0.key < $1.key }) {
            try write(contents, to: relativePath)
        }
        try await git("add", "--all")
        var environment = GitCLI.environment
        if let committerDate {
            environment["GIT_COMMITTER_DATE"] = committerDate
            environment["GIT_AUTHOR_DATE"] = committerDate
        }
        try await ProcessRunner.check(
            ["git"] + GitCLI.settings + ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(key.privateKey.path)",
                                         "commit", "--quiet", "--allow-empty", "-S", "-m", message],
            in: url, environment: environment)
        return try await git("rev-parse", "HEAD")
    }

    /// The commit object's exact bytes as text (`git cat-file commit`), final newline included.
    public func rawCommit(_ revision: String) async throws -> String {
        try await ProcessRunner.check(["git", "cat-file", "commit", revision], in: url, environment: GitCLI.environment)
    }

    /// Stores `raw` as a commit object without checking it (`git hash-object --literally`);
    /// returns its id. No ref is moved.
    public func writeCommitObject(_ raw: String) async throws -> String {
        let command = ["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"]
        let result = try await ProcessRunner.run(command, in: url, environment: GitCLI.environment, input: raw)
        guard result.exitCode == 0 else { throw ProcessFailure(command: command, result: result) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
