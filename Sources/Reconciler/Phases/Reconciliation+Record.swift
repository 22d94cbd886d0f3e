import Foundation
import RoleSyncCore

/// How a run's decision ended up recorded.
public enum Recording: Sendable {
    /// Committed (and pushed, for a remote repository).
    case committed(RecordedDecision)
    /// The run had nothing new to say: no record was made.
    case nothingNew
    /// Not committed now, but kept on disk; the next run commits it.
    case kept(DecisionNotCommitted)
    /// Neither committed nor kept: the error carries the record in full.
    case unrecorded(DecisionNotRecorded)

    /// Whether the record survives this process (committed or kept), or there was none to make.
    public var isKept: Bool {
        if case .unrecorded = self { return false }
        return true
    }

    /// The failure to report, when the record is not committed.
    public var failure: (any Error)? {
        switch self {
        case .committed, .nothingNew: nil
        case .kept(let error): error
        case .unrecorded(let error): error
        }
    }
}

extension Reconciliation {
    /// Phase 7: record the run when it has something new to say, so that no decision is ever
    /// lost or doubled.
    ///
    /// A run that changed (or tried to change) something, or that accounts for an interrupted
    /// run, is written to the local spool before anything that can fail: reading the previous
    /// record, committing older kept records, the commit and the push. A run that changed
    /// nothing commits the older kept records, is compared with the previous record and is
    /// recorded only when it is news;
    /// when the previous record cannot be read it is recorded, since saying something twice is
    /// better than saying it never. Older kept records are committed best effort. The commit
    /// is idempotent by run id (`GitDecisionRecorder`), so a record committed but not yet
    /// removed from the spool is never committed twice.
    public func record(
        plan: Plan, outcomes: [PlannedAction], targets: [Target], runId: String, startedAt: Date,
        interrupted: [InterruptedRun] = [], onlyWhenActed: Bool = false
    ) async -> Recording {
        let record = DecisionRecord(
            runId: runId, plan: plan, outcomes: outcomes, targets: targets, startedAt: startedAt,
            finishedAt: clock.now(), interrupted: interrupted)
        let actedOn = !interrupted.isEmpty
            || outcomes.contains { $0.status == .succeeded || $0.status == .failed || $0.status == .skipped }
        if onlyWhenActed && !actedOn { return .nothingNew }
        return await self.record(record, actedOn: actedOn)
    }

    /// Keeps and commits `record`; one that reports no action is first checked for news.
    func record(_ record: DecisionRecord, actedOn: Bool) async -> Recording {
        let runId = record.runId
        var keepError: (any Error)?
        if actedOn { keepError = keep(record) }
        // Older kept records first, even when this run turns out to have nothing new: they are
        // the previous records this one is compared with.
        await state.pending.commitPending(with: ports.recorder, except: runId, logger: logger)
        if !actedOn {
            guard await isNews(record) else { return .nothingNew }
            keepError = keep(record)
        }
        do {
            let commit = try await ports.recorder.record(record)
            state.pending.remove(runId)
            if let keepError {
                logger.warning("the decision record was committed, but could not be kept on disk first", metadata: [
                    "runId": "\(runId)", "error": "\(keepError)",
                ])
            }
            return .committed(RecordedDecision(record: record, commit: commit))
        } catch {
            if let keepError { return .unrecorded(DecisionNotRecorded(record: record, keepError: keepError, commitError: error)) }
            return .kept(DecisionNotCommitted(keptAt: state.pending.file(for: runId).path, cause: error))
        }
    }

    /// Writes the record to the spool; returns the error when it could not.
    private func keep(_ record: DecisionRecord) -> (any Error)? {
        do {
            try state.pending.keep(record)
            return nil
        } catch {
            return error
        }
    }

    /// Whether a run that changed nothing has anything to say the previous record did not.
    private func isNews(_ record: DecisionRecord) async -> Bool {
        do {
            return DecisionPolicy.isNewsworthy(record, previousRecord: try await ports.recorder.latestRecord())
        } catch {
            logger.warning("the previous decision record could not be read; recording this run regardless", metadata: [
                "error": "\(error)",
            ])
            return DecisionPolicy.isNewsworthy(record, previousRecord: nil)
        }
    }
}
