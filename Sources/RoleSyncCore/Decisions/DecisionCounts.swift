/// The counts in a decision's first commit line.
public struct DecisionCounts: Sendable, Hashable, Codable {
    public var associated: Int
    public var replaced: Int
    public var disassociated: Int
    /// Launch template versions made (and moved to) with the desired profile.
    public var templatesUpdated: Int
    public var failed: Int
    public var blocked: Int
    public var skipped: Int
    /// Manual actions (the relaunch runbook) handed to people.
    public var manual: Int
    /// Drift items for instances that got no action: unmanaged instances, expired exemptions,
    /// and drift nothing was planned for. Exempt and pending items are not counted.
    public var detected: Int

    public init(
        associated: Int = 0, replaced: Int = 0, disassociated: Int = 0, failed: Int = 0, blocked: Int = 0,
        skipped: Int = 0, manual: Int = 0, detected: Int = 0, templatesUpdated: Int = 0
    ) {
        self.associated = associated
        self.replaced = replaced
        self.disassociated = disassociated
        self.templatesUpdated = templatesUpdated
        self.failed = failed
        self.blocked = blocked
        self.skipped = skipped
        self.manual = manual
        self.detected = detected
    }

    public init(actions: [PlannedAction], drift: [DriftItem]) {
        self.init()
        for action in actions {
            switch (action.status, action.type) {
            case (.succeeded, .associate): associated += 1
            case (.succeeded, .replace): replaced += 1
            case (.succeeded, .disassociate): disassociated += 1
            case (.succeeded, .updateLaunchTemplate): templatesUpdated += 1
            case (.failed, _): failed += 1
            case (.blocked, _): blocked += 1
            case (.skipped, _): skipped += 1
            case (_, .manual): manual += 1
            case (.planned, _): break
            }
        }
        let acted = Set(actions.map { Differ.instanceKey($0.instanceId, $0.target) })
        detected = drift.filter {
            $0.kind != .exempt && $0.kind != .pending && !acted.contains(Differ.instanceKey($0.instanceId, $0.target))
        }.count
    }

    /// Non-zero counts in commit-message order, e.g. `3 associated, 2 blocked`.
    public var phrases: [String] {
        [
            (associated, "associated"), (replaced, "replaced"), (disassociated, "disassociated"),
            (templatesUpdated, "templates updated"),
            (failed, "failed"), (blocked, "blocked"), (skipped, "skipped"), (manual, "manual"),
            (detected, "detected"),
        ].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
    }

    enum CodingKeys: String, CodingKey {
        case associated, replaced, disassociated, templatesUpdated, failed, blocked, skipped, manual, detected
    }

    /// Records written before launch templates were fixed have no `templatesUpdated`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            associated: try container.decode(Int.self, forKey: .associated),
            replaced: try container.decode(Int.self, forKey: .replaced),
            disassociated: try container.decode(Int.self, forKey: .disassociated),
            failed: try container.decode(Int.self, forKey: .failed), blocked: try container.decode(Int.self, forKey: .blocked),
            skipped: try container.decode(Int.self, forKey: .skipped), manual: try container.decode(Int.self, forKey: .manual),
            detected: try container.decode(Int.self, forKey: .detected),
            templatesUpdated: try container.decodeIfPresent(Int.self, forKey: .templatesUpdated) ?? 0)
    }

    /// `templatesUpdated` only when some were, so records of runs without templates read as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(associated, forKey: .associated)
        try container.encode(replaced, forKey: .replaced)
        try container.encode(disassociated, forKey: .disassociated)
        try container.encodeIfPresent(templatesUpdated == 0 ? nil : templatesUpdated, forKey: .templatesUpdated)
        try container.encode(failed, forKey: .failed)
        try container.encode(blocked, forKey: .blocked)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(manual, forKey: .manual)
        try container.encode(detected, forKey: .detected)
    }
}
