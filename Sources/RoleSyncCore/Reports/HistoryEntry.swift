import Foundation

/// One decision record as `history --format json` lists it: enough to chart drift over time
/// (by kind and by region) without opening the record files.
public struct HistoryEntry: Sendable, Hashable, Codable {
    /// The decision commit, or nil for a record kept on disk and not committed yet.
    public var commit: String?
    public var pending: Bool
    public var runId: String
    public var startedAt: Date
    public var finishedAt: Date
    public var desiredRevision: String
    /// The commit's first line.
    public var summary: String
    public var counts: DecisionCounts
    /// Drift items by kind (`wrong-profile`: 3); pending items are left out, as in the counts.
    public var driftByKind: [String: Int]
    /// Drift items by region.
    public var driftByRegion: [String: Int]
    public var refusal: RevisionRefusal?
    public var failedTargets: Int

    public init(record: DecisionRecord, commit: String?) {
        self.commit = commit
        pending = commit == nil
        runId = record.runId
        startedAt = record.startedAt
        finishedAt = record.finishedAt
        desiredRevision = record.desiredRevision
        summary = record.commitMessage().split(separator: "\n").first.map(String.init) ?? ""
        counts = record.counts
        let standing = record.drift.filter { $0.kind != .pending }
        driftByKind = Dictionary(grouping: standing, by: \.kind.rawValue).mapValues(\.count)
        driftByRegion = Dictionary(grouping: standing, by: \.region).mapValues(\.count)
        refusal = record.refusal
        failedTargets = record.failedTargets?.count ?? 0
    }

    /// The entries as one JSON array, keys sorted, dates in ISO 8601.
    public static func encodeJSON(_ entries: [HistoryEntry]) -> Data {
        // Strings, numbers and dates only: encoding cannot fail.
        try! RoleSyncJSON.encoder().encode(entries)
    }
}
