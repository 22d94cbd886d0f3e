import Foundation

/// One file version of a Git history with the secrets found in it: the input of `HistoryScan`.
public struct ScannedBlob: Sendable, Hashable {
    public var blob: String
    public var path: String
    public var commit: String
    public var author: String
    public var date: Date
    public var findings: [SecretFinding]

    public init(blob: String, path: String, commit: String, author: String, date: Date, findings: [SecretFinding]) {
        self.blob = blob
        self.path = path
        self.commit = commit
        self.author = author
        self.date = date
        self.findings = findings
    }
}

/// Turns the blobs of a history walk (oldest first, each blob once) into one finding per
/// secret: where and in which commit it first appeared, and whether any tip still holds it.
/// A key moved to another file, deleted and added again, or on several branches is one finding.
public enum HistoryScan {
    public static func findings(_ blobs: [ScannedBlob], tipBlobs: Set<String>) -> [ScanFinding] {
        var first: [String: ScanFinding] = [:]
        var order: [String] = []
        var present = Set<String>()
        for blob in blobs {
            for finding in blob.findings {
                if tipBlobs.contains(blob.blob) { present.insert(finding.fingerprint) }
                guard first[finding.fingerprint] == nil else { continue }
                var reported = ScanFinding(finding)
                reported.location = "\(blob.path):\(finding.match.line)"
                reported.commit = blob.commit
                reported.author = blob.author
                reported.date = blob.date
                first[finding.fingerprint] = reported
                order.append(finding.fingerprint)
            }
        }
        return order.compactMap { fingerprint in
            first[fingerprint].map { finding in
                var finding = finding
                finding.stillPresent = present.contains(fingerprint)
                return finding
            }
        }
    }
}
