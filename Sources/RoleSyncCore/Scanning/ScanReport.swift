import Foundation

/// One found secret as `rolesync scan` reports it: where, what (redacted), its fingerprint,
/// the account of a key id, and for Git history the commit that first brought it.
public struct ScanFinding: Sendable, Hashable, Codable {
    /// `path:line`, or `account/region/instance/user-data:line` for user-data.
    public var location: String
    public var kind: String
    public var redacted: String
    public var fingerprint: String?
    /// The account the access key id belongs to, decoded from the id.
    public var account: String?
    public var instanceId: String?
    public var region: String?
    /// Git history: the first commit holding it, its author and date, and whether a branch
    /// scanned still has it at its tip.
    public var commit: String?
    public var author: String?
    public var date: Date?
    public var stillPresent: Bool?
    /// The key belongs to a canary-token account (`CanaryAccounts`): planted on purpose, not a
    /// leak. Nil when not.
    public var canary: Bool?
    /// `scan --verify`: whether the key pair works, as STS answered.
    public var verification: KeyVerification?

    public init(
        location: String, kind: String, redacted: String, fingerprint: String? = nil, account: String? = nil,
        instanceId: String? = nil, region: String? = nil
    ) {
        self.location = location
        self.kind = kind
        self.redacted = redacted
        self.fingerprint = fingerprint
        self.account = account
        self.instanceId = instanceId
        self.region = region
    }

    /// A file finding.
    public init(_ finding: SecretFinding) {
        self.init(
            location: finding.match.location, kind: finding.match.kind.rawValue, redacted: finding.match.redacted,
            fingerprint: finding.fingerprint, account: finding.account)
    }

    /// `teams/web.sh:3: access-key-id AKIA…WXYZ (account 123456789012) first in 4f2a9c1 by Ann, 2026-03-01, still present`.
    public var line: String {
        var text = "\(location): \(kind) \(redacted)"
        if let account { text += " (account \(account))" }
        if let commit {
            text += " first in \(commit.prefix(7))"
            if let author { text += " by \(author)" }
            if let date { text += ", \(date.formatted(.iso8601.year().month().day()))" }
            text += stillPresent == true ? ", still present" : ", no longer at any tip"
        }
        if canary == true { text += ", a canary token (not a leak)" }
        if let verification { text += ", \(verification.summary)" }
        return text
    }

    /// The path of a file or history finding (`location` without its line).
    public var path: String? {
        guard instanceId == nil, let colon = location.lastIndex(of: ":") else { return nil }
        return String(location[..<colon])
    }

    /// Its line, from `location`.
    public var lineNumber: Int? { location.split(separator: ":").last.flatMap { Int($0) } }
}

/// An instance whose user-data could not be read in full, so it cannot be called clean.
public struct ScanUninspected: Sendable, Hashable, Codable {
    public var location: String
    public var reason: String
    public var instanceId: String
    public var account: String
    public var region: String

    public init(location: String, reason: String, instanceId: String, account: String, region: String) {
        self.location = location
        self.reason = reason
        self.instanceId = instanceId
        self.account = account
        self.region = region
    }

    public var line: String { "\(location): could not inspect: \(reason)" }
}

/// What was passed over, so nothing is skipped silently.
public struct ScanSkipped: Sendable, Hashable, Codable {
    /// Files or blobs over the size limit.
    public var large = 0
    public var binary = 0
    /// Findings accepted in the baseline file.
    public var baseline = 0

    public init(large: Int = 0, binary: Int = 0, baseline: Int = 0) {
        self.large = large
        self.binary = binary
        self.baseline = baseline
    }
}

/// The whole answer of `rolesync scan`.
public struct ScanDocument: Sendable, Hashable, Codable {
    public var schemaVersion = 1
    public var findings: [ScanFinding]
    /// Always present (empty for files), so consumers see a fixed shape.
    public var uninspected: [ScanUninspected] = []
    public var skipped = ScanSkipped()
    /// Git history: commits walked.
    public var commits: Int?

    public init(findings: [ScanFinding], uninspected: [ScanUninspected] = [], skipped: ScanSkipped = ScanSkipped(), commits: Int? = nil) {
        self.findings = findings
        self.uninspected = uninspected
        self.skipped = skipped
        self.commits = commits
    }

    /// The findings that fail the scan: all but canary tokens.
    public var leaks: [ScanFinding] { findings.filter { $0.canary != true } }

    /// Marks the findings of keys whose account is in `accounts` as canaries.
    public func markingCanaries(_ accounts: Set<String>) -> ScanDocument {
        var marked = self
        for index in marked.findings.indices {
            if let account = marked.findings[index].account, accounts.contains(account) { marked.findings[index].canary = true }
        }
        return marked
    }

    /// Sets each finding's verification from the pairs checked: a finding any pair holds takes
    /// that pair's answer (the most certain one if several pairs hold it: live, then revoked,
    /// then unknown); findings no pair holds are `unpaired`. Canary findings are left alone.
    public func applying(_ verified: [(pair: KeyPair, result: KeyVerification)]) -> ScanDocument {
        var byFingerprint: [String: KeyVerification] = [:]
        for (pair, result) in verified {
            for fingerprint in pair.fingerprints {
                if let known = byFingerprint[fingerprint], known.status.certainty >= result.status.certainty { continue }
                byFingerprint[fingerprint] = result
            }
        }
        var checked = self
        for index in checked.findings.indices where checked.findings[index].canary != true {
            let finding = checked.findings[index]
            checked.findings[index].verification = finding.fingerprint.flatMap { byFingerprint[$0] }
                ?? KeyVerification(status: .unpaired, reason: finding.kind == SecretMatch.Kind.accessKeyId.rawValue
                    ? "no secret key found beside it" : "no access key id found beside it")
        }
        return checked
    }

    /// Drops the findings whose fingerprint `baseline` accepted, counting them.
    public func excluding(baseline: Set<String>) -> ScanDocument {
        guard !baseline.isEmpty else { return self }
        var kept = self
        kept.findings = findings.filter { finding in !(finding.fingerprint.map(baseline.contains) ?? false) }
        kept.skipped.baseline += findings.count - kept.findings.count
        return kept
    }

    /// The fingerprints of a baseline file: an earlier `scan --format json` answer.
    public static func baselineFingerprints(from data: Data) throws -> Set<String> {
        let earlier = try RoleSyncJSON.decoder().decode(ScanDocument.self, from: data)
        return Set(earlier.findings.compactMap(\.fingerprint))
    }
}
