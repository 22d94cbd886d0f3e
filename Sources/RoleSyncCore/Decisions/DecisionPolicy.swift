/// Decides whether a run is worth a decision commit.
///
/// A run is news when it changed or failed something, or when what it refused, handed to
/// people or saw differs from the previous record. So the daemon repeating the same blocked
/// plan every minute writes one commit, not one a minute. A run with nothing standing (all in
/// sync, nothing done) is never news: its commit would have nothing to say.
public enum DecisionPolicy {
    public static func isNewsworthy(actions: [PlannedAction], drift: [DriftItem], previousRecord: DecisionRecord?) -> Bool {
        // Changes, failures, and actions refused because someone changed the instance since
        // the plan are always news.
        if actions.contains(where: { $0.status == .succeeded || $0.status == .failed || $0.status == .skipped }) { return true }
        let current = standingFacts(actions: actions, drift: drift)
        if current.isEmpty { return false }
        guard let previousRecord else { return true }
        return current != standingFacts(actions: previousRecord.actions, drift: previousRecord.drift)
    }

    public static func isNewsworthy(_ record: DecisionRecord, previousRecord: DecisionRecord?) -> Bool {
        // A refusal is news once: the daemon refusing the same commit every cycle says it once.
        if let refusal = record.refusal {
            return previousRecord?.refusal.map { ($0.reason, $0.revision) != (refusal.reason, refusal.revision) } ?? true
        }
        // An interrupted run's calls reached AWS: they must be recorded somewhere.
        if !(record.interrupted ?? []).isEmpty { return true }
        // A target that could not be read is news until the previous record says the same.
        let failed = Set((record.failedTargets ?? []).map(\.target))
        if failed != Set((previousRecord?.failedTargets ?? []).map(\.target)) { return true }
        return isNewsworthy(actions: record.actions, drift: record.drift, previousRecord: previousRecord)
    }

    /// Blocked and manual actions and drift items, without run-specific detail. Pending items
    /// are left out (an association in flight is gone by the next run), and so is the drift of
    /// instances an action fixed (it is gone too).
    static func standingFacts(actions: [PlannedAction], drift: [DriftItem]) -> Set<String> {
        let fixed = Set(actions.filter { $0.status == .succeeded }.map { Differ.instanceKey($0.instanceId, $0.target) })
        var facts = Set<String>()
        for action in actions where action.status == .blocked || action.type == .manual {
            facts.insert(["action", action.account, action.region, action.instanceId, action.type.rawValue,
                          action.status.rawValue, action.profile ?? "", action.reason ?? ""].joined(separator: "\u{1f}"))
        }
        for item in drift where item.kind != .pending {
            let wasFixed = fixed.contains(Differ.instanceKey(item.instanceId, item.target))
            // Fixing the role leaves user-data as it was: its findings still stand.
            if wasFixed && item.kind != .embeddedCredentials && item.kind != .userDataUninspected { continue }
            facts.insert(["drift", item.account, item.region, item.instanceId, item.kind.rawValue,
                          item.desired ?? "", item.actual ?? "", item.reason ?? ""].joined(separator: "\u{1f}"))
        }
        return facts
    }
}
