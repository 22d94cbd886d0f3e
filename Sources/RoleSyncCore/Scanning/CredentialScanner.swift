import Foundation

/// Finds AWS keys in text (user-data, scripts), following the gitleaks rules in AWS-NOTES:
/// access key ids by their prefix and base32 body, secret keys as 40-character tokens near a
/// key id or a keyword, with Shannon entropy of at least 4 bits per character so that words
/// and paths do not count. Results are redacted.
public enum CredentialScanner {
    /// Secrets count when within this many lines of an access key id or a keyword.
    static let secretNeighbourhood = 2
    static let minimumSecretEntropy = 4.0
    static let secretKeywords = [
        "aws_secret_access_key", "secret_access_key", "secretaccesskey", "aws_secret_key", "secret_key", "secretkey",
        "session_token", "sessiontoken", "security_token", "securitytoken",
    ]

    public static func scan(text: String, location: String) -> [SecretMatch] {
        scan(parts: [UserDataPart(label: location, text: text)])
    }

    /// Scans documents that follow one another, such as the parts of one user-data, as one
    /// stream of lines: a keyword at the end of one part anchors a secret at the start of the
    /// next, as it did in the raw multipart before the boundary and part headers were removed.
    /// Tokens never span documents (the boundary ended them), and each match keeps its own
    /// document's label and line.
    public static func scan(parts: [UserDataPart]) -> [SecretMatch] {
        findings(in: parts).map(\.match)
    }

    /// `scan(parts:)` with each match's fingerprint and, for key ids, its account. Lines that
    /// carry `rolesync:allow <reason>` give no findings.
    public static func findings(in text: String, location: String) -> [SecretFinding] {
        findings(in: [UserDataPart(label: location, text: text)])
    }

    public static func findings(in parts: [UserDataPart]) -> [SecretFinding] {
        findingsAndPairs(in: parts).findings
    }

    /// `findings(in:)` with the key pairs behind them, for `scan --verify`: the only way raw
    /// secrets leave the scanner, and only into memory (`KeyPair` never prints them).
    public static func findingsAndPairs(in text: String, location: String) -> (findings: [SecretFinding], pairs: [KeyPair]) {
        findingsAndPairs(in: [UserDataPart(label: location, text: text)])
    }

    public static func findingsAndPairs(in parts: [UserDataPart]) -> (findings: [SecretFinding], pairs: [KeyPair]) {
        // Most text holds no anchor at all: passed over in one byte-level pass.
        guard parts.contains(where: { SecretAnchors.present(in: $0.text) }) else { return ([], []) }
        let hits = scanLines(of: parts)
        let pairs = KeyPairing.pairs(hits)
        return (hits.map { $0.finding(account: pairs.account(of: $0)) }.sorted { $0.match < $1.match }, pairs.pairs)
    }

    /// The line-by-line scan itself, without the pre-pass: every secret with its value, kept
    /// inside the scanner.
    static func scanLines(of parts: [UserDataPart]) -> [SecretHit] {
        var lines: [(text: Substring, location: String, line: Int)] = []
        for part in parts {
            var own = Self.lines(of: part.text)
            // Trailing blank lines hold nothing and would only push the next part out of reach.
            while let last = own.last, last.allSatisfy(\.isWhitespace) { own.removeLast() }
            lines += own.enumerated().map { ($0.element, part.label, $0.offset + 1) }
        }
        var hits: [SecretHit] = []
        // Marked per line rather than searched per line: a flood of keyword lines stays linear.
        var nearAnchor = [Bool](repeating: false, count: lines.count)
        for (index, line) in lines.enumerated() {
            // Most lines hold no anchor: one byte pass, then no tokenizing or keyword search.
            guard SecretAnchors.present(in: line.text) else { continue }
            let ids = accessKeyIds(in: line.text)
            if !ids.isEmpty || containsKeyword(line.text) {
                for near in max(0, index - secretNeighbourhood)...min(lines.count - 1, index + secretNeighbourhood) {
                    nearAnchor[near] = true
                }
            }
            if AllowComment.allows(line.text) { continue }
            hits += ids.map { SecretHit(kind: .accessKeyId, value: $0, document: line.location, line: line.line) }
        }
        for (index, line) in lines.enumerated() where nearAnchor[index] && !AllowComment.allows(line.text) {
            let text = urlDecoded(line.text)
            for token in sessionTokens(in: text) {
                hits.append(SecretHit(kind: .sessionToken, value: token, document: line.location, line: line.line))
            }
            // AWS's documentation keys (`…EXAMPLE`, `…EXAMPLEKEY`) are not leaks.
            for secret in secretCandidates(in: text)
            where shannonEntropy(secret) >= minimumSecretEntropy && !secret.contains("EXAMPLE") {
                hits.append(SecretHit(kind: .secretAccessKey, value: secret, document: line.location, line: line.line))
            }
        }
        return hits
    }

    /// The text's lines, split on LF bytes with a CR before the LF dropped (as CRLF → LF):
    /// splitting the UTF-8 view, not characters, keeps this at memory speed.
    static func lines(of text: String) -> [Substring] {
        let view = text.utf8
        var lines: [Substring] = []
        var start = view.startIndex
        var index = start
        while index < view.endIndex {
            if view[index] == 0x0A {
                var end = index
                if end > start, view[view.index(before: end)] == 0x0D { end = view.index(before: end) }
                lines.append(text[start..<end])
                start = view.index(after: index)
            }
            index = view.index(after: index)
        }
        lines.append(text[start..<view.endIndex])
        return lines
    }

    /// `\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`, minus documentation ids ending in `EXAMPLE`.
    static func accessKeyIds(in line: some StringProtocol) -> [String] {
        tokens(in: line, isTokenCharacter: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            .filter { token in
                guard token.count == 20, !token.hasSuffix("EXAMPLE") else { return false }
                let prefix = token.prefix(4)
                let knownPrefix = ["AKIA", "ASIA", "ABIA", "ACCA"].contains(prefix)
                    || (prefix.hasPrefix("A3T") && isUpperAlphanumeric(prefix.last!))
                return knownPrefix && token.dropFirst(4).allSatisfy(isBase32)
            }
    }

    /// Runs of exactly 40 characters of `[A-Za-z0-9/+]`, not part of a longer run.
    static func secretCandidates(in line: some StringProtocol) -> [String] {
        tokens(in: line, isTokenCharacter: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "/" || $0 == "+") })
            .filter { $0.count == 40 }
    }

    /// Session tokens: base64 runs of at least `minimumSessionTokenLength` characters on a
    /// line that names one (`aws_session_token`, `AWS_SECURITY_TOKEN`, `sessionToken`), with the
    /// entropy of random bytes.
    static func sessionTokens(in line: some StringProtocol) -> [String] {
        let lowered = line.lowercased()
        guard sessionTokenKeywords.contains(where: lowered.contains) else { return [] }
        return tokens(in: line, isTokenCharacter: { $0.isASCII && ($0.isLetter || $0.isNumber || "/+=".contains($0)) })
            .map(withoutAssignment)
            .filter { $0.count >= minimumSessionTokenLength && shannonEntropy($0) >= minimumSecretEntropy }
    }

    static let minimumSessionTokenLength = 100

    /// `token=IQoJ…==` is the token `IQoJ…==`: `=` belongs to a token only as its padding.
    static func withoutAssignment(_ token: String) -> String {
        let trimmed = token.reversed().drop { $0 == "=" }
        guard let assignment = trimmed.firstIndex(of: "=") else { return token }
        return String(token[assignment.base...])
    }
    static let sessionTokenKeywords = ["session_token", "sessiontoken", "security_token", "securitytoken"]

    /// `%2F`, `%2B` and `%3D` decoded, so a secret in a URL or a form body is the 40 characters
    /// it was. Other escapes are left, since no key character needs them.
    static func urlDecoded(_ line: some StringProtocol) -> String {
        guard line.contains("%") else { return String(line) }
        var text = String(line)
        for (escape, character) in [("%2F", "/"), ("%2f", "/"), ("%2B", "+"), ("%2b", "+"), ("%3D", "="), ("%3d", "=")] {
            text = text.replacingOccurrences(of: escape, with: character)
        }
        return text
    }

    static func containsKeyword(_ line: some StringProtocol) -> Bool {
        let lowered = line.lowercased()
        return secretKeywords.contains { lowered.contains($0) }
    }

    /// Bits per character of the token's character distribution.
    public static func shannonEntropy(_ text: String) -> Double {
        guard !text.isEmpty else { return 0 }
        var counts: [Character: Int] = [:]
        for character in text { counts[character, default: 0] += 1 }
        let total = Double(text.count)
        return counts.values.reduce(0) { sum, count in
            let probability = Double(count) / total
            return sum - probability * log2(probability)
        }
    }

    private static func tokens(in line: some StringProtocol, isTokenCharacter: (Character) -> Bool) -> [String] {
        Substring(line).split(whereSeparator: { !isTokenCharacter($0) }).map(String.init)
    }

    private static func isBase32(_ character: Character) -> Bool {
        character.isASCII && (character.isUppercase || ("2"..."7").contains(character))
    }

    private static func isUpperAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isUppercase || character.isNumber)
    }
}
