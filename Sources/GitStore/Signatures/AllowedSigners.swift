import Foundation

/// The keys an operator trusts to sign desired state: an `ssh-keygen` allowed-signers file
/// (`man ssh-keygen`, ALLOWED SIGNERS), the same file git's `gpg.ssh.allowedSignersFile` names.
///
/// Each line reads `principals [options] keytype base64key [comment]`. Lines marked
/// `cert-authority` are parsed and then set aside in `ignored`: they trust certificates
/// signed by that key, and rolesync does not verify certificate signatures, so such a line
/// can never accept a signature. OpenSSH behaves the same for a plain-key signature.
public struct AllowedSigners: Sendable, Hashable {
    /// Where the lines came from, as errors and verdicts name it.
    public var file: String
    /// The lines that can accept a signature, in file order.
    public var signers: [AllowedSigner]
    /// Lines that parsed but can never accept a signature, and why.
    public var ignored: [IgnoredLine]

    /// The largest file read. Thousands of keys fit in far less; more is a mistake or an attack.
    public static let maximumFileBytes = 1 << 20
    /// The longest line. A 16384-bit RSA key in base64 is under 3 KiB.
    public static let maximumLineBytes = 16 << 10

    public init(file: String, signers: [AllowedSigner], ignored: [IgnoredLine] = []) {
        self.file = file
        self.signers = signers
        self.ignored = ignored
    }

    /// Reads and parses the file at `url`; its size is checked before it is read.
    ///
    /// `timeZone` interprets `valid-after`/`valid-before` values without a `Z` suffix; like
    /// `ssh-keygen`, the default is the system's.
    public init(contentsOf url: URL, timeZone: TimeZone = .current) throws(AllowedSignersError) {
        let path = url.path
        let data: Data
        do {
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            guard size <= Self.maximumFileBytes else {
                throw AllowedSignersError(file: path, problem: .fileTooLarge(bytes: size, limit: Self.maximumFileBytes))
            }
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            // Read one byte past the limit: the file may have grown since it was measured.
            data = try handle.read(upToCount: Self.maximumFileBytes + 1) ?? Data()
        } catch let error as AllowedSignersError {
            throw error
        } catch {
            throw AllowedSignersError(file: path, problem: .unreadable(String(describing: error)))
        }
        try self.init(parsing: data, file: path, timeZone: timeZone)
    }

    /// Parses the contents of an allowed-signers file; `file` names it in errors.
    ///
    /// Throws every problem found (up to `AllowedSignersError.maximumProblems`), each with its
    /// line, rather than only the first: an operator fixes them in one pass.
    public init(parsing data: Data, file: String, timeZone: TimeZone = .current) throws(AllowedSignersError) {
        guard data.count <= Self.maximumFileBytes else {
            throw AllowedSignersError(file: file, problem: .fileTooLarge(bytes: data.count, limit: Self.maximumFileBytes))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AllowedSignersError(file: file, problem: .notUTF8)
        }
        var parser = AllowedSignersParser(timeZone: timeZone)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            parser.parse(line.hasSuffix("\r") ? line.dropLast() : line, number: index + 1)
        }
        guard parser.problems.isEmpty else {
            throw AllowedSignersError(file: file, problems: parser.problems, totalProblems: parser.problemCount)
        }
        self.init(file: file, signers: parser.signers, ignored: parser.ignored)
    }
}

/// One line of an allowed-signers file that can accept signatures.
public struct AllowedSigner: Sendable, Hashable {
    /// The line's number, from 1.
    public var line: Int
    /// The principals field as written (comma-separated patterns): what a verdict reports.
    public var principals: String
    /// `namespaces=`: the pattern list a signature's namespace must match; nil allows any.
    public var namespaces: String?
    /// `valid-after=`: signatures made before this time are refused.
    public var validAfter: Date?
    /// `valid-before=`: signatures made after this time are refused.
    public var validBefore: Date?
    public var key: SSHPublicKey

    public init(
        line: Int, principals: String, namespaces: String? = nil, validAfter: Date? = nil, validBefore: Date? = nil,
        key: SSHPublicKey
    ) {
        self.line = line
        self.principals = principals
        self.namespaces = namespaces
        self.validAfter = validAfter
        self.validBefore = validBefore
        self.key = key
    }

    /// True when `principal` matches the principals pattern list (`*`, `?`, `!` negation),
    /// as `ssh-keygen -Y verify -I` requires.
    public func matches(principal: String) -> Bool {
        PatternList(principals).matches(principal)
    }
}

/// A line that parsed but is not used, and why.
public struct IgnoredLine: Sendable, Hashable {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}
