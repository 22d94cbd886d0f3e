/// What every renderer shows, taken from a plan or a drift report: counts, drift items grouped
/// by kind, and (for plans) actions.
struct ReportContent: Sendable {
    /// `plan` or `drift`.
    var subject: String
    var desiredRevision: String
    var counts: [(label: String, value: Int)]
    var items: [DriftItem]
    var actions: [PlannedAction]?
    /// Targets not read: shown before everything else, since every count below leaves them out.
    var failedTargets: [FailedTarget] = []

    init(plan: Plan) {
        // A plan whose actions ran reports as what it now is: the outcome of an apply.
        let ran = plan.actions.contains { [.succeeded, .failed, .skipped].contains($0.status) }
        subject = ran ? "apply" : "plan"
        desiredRevision = plan.desiredRevision
        counts = [
            ("instances", plan.summary.instances), ("in sync", plan.summary.inSync),
            ("drifted", plan.summary.drifted), ("actions", plan.summary.actions), ("blocked", plan.summary.blocked),
        ]
        items = plan.drift
        actions = plan.actions
        failedTargets = plan.failedTargets ?? []
    }

    init(drift: DriftReport) {
        subject = "drift"
        desiredRevision = drift.desiredRevision
        counts = [
            ("instances", drift.summary.instances), ("in sync", drift.summary.inSync),
            ("drifted", drift.summary.drifted),
        ]
        items = drift.items
        actions = nil
        failedTargets = drift.failedTargets
    }

    /// `failed targets (1): not read, so nothing is known or planned there`.
    var failedTargetsTitle: String {
        "failed targets (\(failedTargets.count)): not read, so nothing is known or planned there"
    }

    static let failedTargetHeader = ["ACCOUNT", "REGION", "REASON"]

    static func row(_ failed: FailedTarget) -> [String] {
        [failed.target.account, failed.target.region, failed.reason]
    }

    /// Items grouped by kind, in the order kinds are declared (most actionable first).
    var groups: [(kind: DriftKind, items: [DriftItem])] {
        DriftKind.allCases.compactMap { kind in
            let matching = items.filter { $0.kind == kind }
            return matching.isEmpty ? nil : (kind, matching)
        }
    }

    /// `4f2a9c1` for commit ids, the revision itself otherwise (`worktree`).
    var shortRevision: String { String(desiredRevision.prefix(7)) }

    /// `5 instances, 2 in sync, 3 drifted`.
    var countsLine: String { counts.map { "\($0.value) \($0.label)" }.joined(separator: ", ") }

    static let itemHeader = ["INSTANCE", "ACCOUNT", "REGION", "DESIRED", "ACTUAL", "SOURCE", "REASON", "CAUSE"]
    static let actionHeader = ["TYPE", "STATUS", "INSTANCE", "ACCOUNT", "REGION", "PROFILE", "REASON"]

    static func row(_ item: DriftItem) -> [String] {
        [item.instanceId, item.account, item.region, item.desired ?? "-", item.actual ?? "-",
         item.source?.description ?? "-", item.reason ?? "-", cause(item, brief: true)]
    }

    /// Who made the change, when a change event explains the item; `cause unknown` for a
    /// change a full scan found with no event; `-` for items no change event could explain
    /// (exempt, unmanaged, a desired state that names a missing profile, …).
    static func cause(_ item: DriftItem, brief: Bool = false) -> String {
        if let cause = item.cause { return brief ? cause.brief : cause.summary }
        return item.kind.isLiveChange ? "cause unknown" : "-"
    }

    /// Actions with steps to follow: manual runbooks, and a launch template fix's calls with the
    /// instances still wrong and the instance refresh command (a disabled template action has none).
    static func runbooks(_ actions: [PlannedAction]) -> [PlannedAction] {
        actions.filter { ($0.type == .manual || $0.type == .updateLaunchTemplate) && !($0.steps ?? []).isEmpty }
    }

    /// `associate`, or `replace (disassociate, associate)` for a stopped instance.
    static func actionType(_ action: PlannedAction) -> String {
        action.strategy == .disassociateAssociate ? "replace (disassociate, associate)" : action.type.rawValue
    }

    static func row(_ action: PlannedAction) -> [String] {
        let type = actionType(action)
        var reason = action.reason ?? "-"
        if let code = action.errorCode { reason = "\(code): \(action.errorMessage ?? reason)" }
        return [type, action.status.rawValue, action.instanceId, action.account, action.region, action.profile ?? "-", reason]
    }
}
