import Foundation
import GitStore
import RoleSyncCore

/// `rolesync scan --git`: the secrets in every commit of a repository's branches, each blob
/// read once however many commits hold it.
public struct GitHistoryScan: Sendable {
    /// `all` for every local branch (of the clone, for a remote), or the names to walk.
    public enum Branches: Sendable, Hashable {
        case all
        case named([String])
    }

    /// Where the walk starts over: after a revision (its ancestors are left out), or from a date.
    public enum Since: Sendable, Hashable {
        case revision(String)
        case date(Date)
    }

    public var branches: Branches
    public var since: Since?
    /// Blobs over this size are counted as skipped, never read.
    public var maxBlobBytes: Int

    public static let defaultMaxBlobBytes = 5 << 20

    public init(branches: Branches = .all, since: Since? = nil, maxBlobBytes: Int = GitHistoryScan.defaultMaxBlobBytes) {
        self.branches = branches
        self.since = since
        self.maxBlobBytes = maxBlobBytes
    }

    public func scan(_ store: GitStore) async throws -> ScanDocument {
        try await scanWithPairs(store).document
    }

    /// `scan` with the key pairs found, each once, for `--verify`.
    public func scanWithPairs(_ store: GitStore) async throws -> (document: ScanDocument, pairs: [KeyPair]) {
        var tips: [String]
        switch branches {
        case .all: tips = try await store.branchNames()
        case .named(let names): tips = names
        }
        if tips.isEmpty { tips = ["HEAD"] }
        var hiding: [String] = []
        var after: Date?
        switch since {
        case .revision(let revision)?: hiding = [revision]
        case .date(let date)?: after = date
        case nil: break
        }
        let walked = try await store.walkBlobs(from: tips, hiding: hiding, after: after, maxBlobBytes: maxBlobBytes) { blob, data -> BlobSecrets? in
            guard SecretAnchors.present(in: data) else { return nil }
            let found = CredentialScanner.findingsAndPairs(in: String(decoding: data, as: UTF8.self), location: blob.path)
            return found.findings.isEmpty ? nil : BlobSecrets(findings: found.findings, pairs: found.pairs)
        }
        let blobs = walked.results.map { blob, secrets in
            ScannedBlob(
                blob: blob.id, path: blob.path, commit: blob.commit.sha, author: blob.commit.authorName,
                date: blob.commit.date, findings: secrets.findings)
        }
        var seen = Set<KeyPair>()
        let pairs = walked.results.flatMap { $0.1.pairs }.filter { seen.insert($0).inserted }
        let document = ScanDocument(
            findings: HistoryScan.findings(blobs, tipBlobs: walked.summary.tipBlobs),
            skipped: ScanSkipped(large: walked.summary.skippedLarge, binary: walked.summary.skippedBinary),
            commits: walked.summary.commits)
        return (document, pairs)
    }

    /// What one blob held.
    struct BlobSecrets: Sendable {
        var findings: [SecretFinding]
        var pairs: [KeyPair]
    }
}
