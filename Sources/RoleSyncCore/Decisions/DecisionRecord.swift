import Foundation

/// What one `apply` or daemon run planned, did and refused: the file committed to the decisions
/// branch as `decisions/YYYY/MM/DD/<run-id>.json`.
public struct DecisionRecord: Sendable, Hashable, Codable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var runId: String
    /// The full commit id of the desired state.
    public var desiredRevision: String
    public var planHash: String
    public var targets: [Target]
    public var startedAt: Date
    public var finishedAt: Date
    public var drift: [DriftItem]
    /// Every action with its final status and, for failures, the AWS error code.
    public var actions: [PlannedAction]
    public var counts: DecisionCounts
    /// Earlier runs that stopped after sending mutations and before recording them, folded
    /// into this record by the run that found their intent journal.
    public var interrupted: [InterruptedRun]?
    /// Targets whose inventory could not be read in this run, with why: nothing was planned or
    /// done there. Absent when every target was read.
    public var failedTargets: [FailedTarget]?
    /// Set when the run refused the desired revision (unsigned, untrusted, rewritten history):
    /// then nothing was read or done, and `desiredRevision` is the refused commit.
    public var refusal: RevisionRefusal?

    public init(
        schemaVersion: Int = DecisionRecord.currentSchemaVersion, runId: String, desiredRevision: String,
        planHash: String, targets: [Target], startedAt: Date, finishedAt: Date, drift: [DriftItem],
        actions: [PlannedAction], counts: DecisionCounts? = nil, interrupted: [InterruptedRun]? = nil,
        failedTargets: [FailedTarget]? = nil, refusal: RevisionRefusal? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.runId = runId
        self.desiredRevision = desiredRevision
        self.planHash = planHash
        self.targets = targets.sorted()
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.drift = drift
        self.actions = actions
        self.counts = counts ?? DecisionCounts(actions: actions, drift: drift)
        self.interrupted = interrupted.flatMap { $0.isEmpty ? nil : $0 }
        self.failedTargets = failedTargets.flatMap { $0.isEmpty ? nil : $0.sorted() }
        self.refusal = refusal
    }

    /// The record of a run that refused its desired revision and did nothing else.
    public init(runId: String, refusal: RevisionRefusal, planHash: String, startedAt: Date, finishedAt: Date) {
        self.init(
            runId: runId, desiredRevision: refusal.revision, planHash: planHash, targets: [], startedAt: startedAt,
            finishedAt: finishedAt, drift: [], actions: [], refusal: refusal)
    }

    /// A record of a plan after the executor ran: `outcomes` are the plan's actions with final statuses.
    public init(
        runId: String, plan: Plan, outcomes: [PlannedAction], targets: [Target], startedAt: Date, finishedAt: Date,
        interrupted: [InterruptedRun] = []
    ) {
        self.init(
            runId: runId, desiredRevision: plan.desiredRevision, planHash: plan.planHash, targets: targets,
            startedAt: startedAt, finishedAt: finishedAt, drift: plan.drift, actions: outcomes, interrupted: interrupted,
            failedTargets: plan.failedTargets)
    }

    /// `decisions/YYYY/MM/DD/<run-id>.json`, dated by the UTC day the run started.
    public var path: String {
        let day = Calendar.utc.dateComponents([.year, .month, .day], from: startedAt)
        let date = String(format: "%04d/%02d/%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
        return "decisions/\(date)/\(runId).json"
    }

    public func encodeJSON() -> Data {
        // Plain strings, ints and dates: encoding cannot fail.
        try! RoleSyncJSON.encoder().encode(self)
    }

    public static func decode(from data: Data) throws -> DecisionRecord {
        try RoleSyncJSON.decoder().decode(DecisionRecord.self, from: data)
    }
}

extension Calendar {
    /// Gregorian in UTC: decision paths and run ids never depend on the machine's time zone.
    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }
}
