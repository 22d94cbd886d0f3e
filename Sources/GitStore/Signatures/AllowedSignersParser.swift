import Foundation

/// Parses allowed-signers lines one at a time, collecting entries and problems.
///
/// The grammar is OpenSSH's (`sshsig.c`, `parse_principals_key_and_options`): principals
/// (one token, or a double-quoted string), then either a key type or an options token (no
/// spaces outside double quotes), then the base64 key, then anything as a comment.
struct AllowedSignersParser {
    let timeZone: TimeZone
    var signers: [AllowedSigner] = []
    var ignored: [IgnoredLine] = []
    var problems: [AllowedSignersError.Problem] = []
    var problemCount = 0

    init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The key type names an allowed-signers line may carry. Those rolesync cannot verify
    /// still parse, so a file shared with `ssh-keygen` need not be edited.
    static let keyTypes: Set<String> = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
        "ssh-dss", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    mutating func parse(_ line: Substring, number: Int) {
        let bytes = Array(line.utf8)
        guard bytes.count <= AllowedSigners.maximumLineBytes else {
            record(.lineTooLong(bytes: bytes.count, limit: AllowedSigners.maximumLineBytes), line: number)
            return
        }
        do {
            guard let entry = try parseEntry(LineScanner(bytes)) else { return }
            if entry.options.certificateAuthority {
                ignored.append(IgnoredLine(line: number, reason: "cert-authority: certificate signatures are not "
                    + "supported, so this line accepts no signature"))
                return
            }
            signers.append(AllowedSigner(
                line: number, principals: entry.principals, namespaces: entry.options.namespaces,
                validAfter: entry.options.validAfter, validBefore: entry.options.validBefore, key: entry.key))
        } catch {
            record(error.reason, line: number)
        }
    }

    private mutating func record(_ reason: AllowedSignersError.Reason, line: Int) {
        problemCount += 1
        if problems.count < AllowedSignersError.maximumProblems {
            problems.append(.init(line: line, reason: reason))
        }
    }

    private struct Entry {
        var principals: String
        var options: SignerOptions
        var key: SSHPublicKey
    }

    /// The line's entry, or nil for a blank or comment line.
    private func parseEntry(_ scanner: LineScanner) throws(LineFailure) -> Entry? {
        var scanner = scanner
        scanner.skipSpace()
        guard let first = scanner.peek, first != UInt8(ascii: "#") else { return nil }
        let principals = try scanner.token(allowingQuotes: true, what: "principals")
        guard !principals.isEmpty, !principals.split(separator: ",", omittingEmptySubsequences: false).contains("") else {
            throw .syntax("empty principal in '\(quoted(principals))'")
        }
        scanner.skipSpace()
        var type = try scanner.token(allowingQuotes: true, what: "options")
        guard !type.isEmpty else { throw .syntax("missing key after the principals") }
        var options = SignerOptions()
        if !Self.keyTypes.contains(type) {
            guard type.contains("=") || type.contains(",") || type.lowercased() == "cert-authority" else {
                throw .syntax("'\(quoted(type))' is neither a key type nor an option")
            }
            options = try SignerOptions(parsing: type, timeZone: timeZone)
            scanner.skipSpace()
            type = try scanner.token(allowingQuotes: false, what: "key type")
            guard !type.isEmpty else { throw .syntax("missing key after the options") }
            guard Self.keyTypes.contains(type) else { throw .badKey("unknown key type '\(quoted(type))'") }
        }
        scanner.skipSpace()
        let base64 = try scanner.token(allowingQuotes: false, what: "key")
        guard !base64.isEmpty else { throw .badKey("missing base64 key after \(type)") }
        guard let blob = Data(base64Encoded: base64) else { throw .badKey("\(type) key is not valid base64") }
        let key: SSHPublicKey
        do { key = try SSHPublicKey(blob: blob) } catch { throw .badKey(error.message) }
        guard key.type == type else { throw .badKey("line says \(type) but the key is \(quoted(key.type))") }
        return Entry(principals: principals, options: options, key: key)
    }
}

/// Escaped and shortened for an error message: the file is input, its bytes are not printed raw.
func quoted(_ text: String) -> String {
    let escaped = EntryName.escaped(text)
    return escaped.count > 60 ? String(escaped.prefix(57)) + "..." : escaped
}

/// Walks one line's bytes. Whitespace is space and tab, as in OpenSSH.
struct LineScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    mutating func skipSpace() {
        while let byte = peek, Self.isSpace(byte) { index += 1 }
    }

    /// Up to the next space outside double quotes. With `allowingQuotes`, a token that is one
    /// quoted string comes back without its quotes; quotes inside a token (`namespaces="git"`)
    /// are kept for the option parser.
    mutating func token(allowingQuotes: Bool, what: String) throws(LineFailure) -> String {
        let start = index
        var inQuotes = false
        while let byte = peek, inQuotes || !Self.isSpace(byte) {
            if byte == UInt8(ascii: "\"") {
                guard allowingQuotes else { throw .syntax("unexpected double quote in the \(what)") }
                inQuotes.toggle()
            }
            index += 1
        }
        guard !inQuotes else { throw .syntax("unterminated double quote in the \(what)") }
        var token = bytes[start..<index]
        if token.count >= 2, token.first == UInt8(ascii: "\""), token.last == UInt8(ascii: "\""),
           !token.dropFirst().dropLast().contains(UInt8(ascii: "\"")) {
            token = token.dropFirst().dropLast()
        }
        // Splitting valid UTF-8 at ASCII bytes leaves valid UTF-8.
        return String(decoding: token, as: UTF8.self)
    }
}

/// What one line's parse throws: a `Reason`, wrapped so the public reason enum need not be
/// an `Error` itself. The factories let the parser write `throw .syntax("…")`.
struct LineFailure: Error {
    var reason: AllowedSignersError.Reason

    static func syntax(_ message: String) -> LineFailure { LineFailure(reason: .syntax(message)) }
    static func badOption(_ message: String) -> LineFailure { LineFailure(reason: .badOption(message)) }
    static func badKey(_ message: String) -> LineFailure { LineFailure(reason: .badKey(message)) }
}
