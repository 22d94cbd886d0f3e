import Foundation
import RoleSyncCore

/// Proof that `verifyRevision` accepted a revision, so a caller that checked it early (`apply`,
/// before asking for confirmation) does not have `converge` check it again. Only
/// `verifyRevision` makes one.
public struct VerifiedRevision: Sendable, Equatable {
    public let revision: String

    fileprivate init(revision: String) {
        self.revision = revision
    }
}

extension Reconciliation {
    /// Phase 6a: the revision the plan was made from must continue what rolesync last applied
    /// and, when signatures are required, be signed by a trusted key. A refusal is recorded
    /// like any decision (once, however often the daemon meets the same commit) and thrown.
    @discardableResult
    public func verifyRevision(_ plan: Plan, startedAt: Date) async throws -> VerifiedRevision {
        let lastApplied: String?
        do {
            // Without a history to compare with (or when told to skip it), there is no need to know.
            lastApplied = trust.allowNonFastForward || ports.history == nil ? nil : try await ports.recorder.lastAppliedRevision()
        } catch {
            // Not knowing what was applied last must not open the door: refuse, and say why.
            throw RevisionRefusal(
                reason: .historyRewritten, revision: plan.desiredRevision,
                detail: "the decision records could not be read to check the history (\(error))")
        }
        guard let refusal = try await RevisionTrust.refusal(
            of: plan.desiredRevision, lastApplied: lastApplied, settings: trust, history: ports.history)
        else {
            if trust.allowNonFastForward { logger.notice("history check skipped for this run (--allow-non-fast-forward)") }
            return VerifiedRevision(revision: plan.desiredRevision)
        }
        var generator = SystemRandomNumberGenerator()
        let refused = DecisionRecord(
            runId: RunId.make(date: startedAt, using: &generator), refusal: refusal, planHash: plan.planHash,
            startedAt: startedAt, finishedAt: clock.now())
        let recording = await record(refused, actedOn: false)
        logger.error("refusing the desired revision", metadata: [
            "revision": "\(refusal.revision)", "reason": "\(refusal.reason.rawValue)", "detail": "\(refusal.detail)",
            "recorded": "\(recording.failure.map { "no: \($0)" } ?? "yes")",
        ])
        throw refusal
    }
}
