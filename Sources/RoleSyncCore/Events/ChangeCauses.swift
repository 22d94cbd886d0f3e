/// The newest change event naming each instance, launch template and Auto Scaling group of each
/// account and region: what explains a drift item, and what a converge started by events is
/// narrowed to.
public struct ChangeCauses: Sendable {
    private enum Kind: Hashable { case instance, template, group }

    private struct Key: Hashable {
        var account: String
        var region: String
        var kind: Kind
        var name: String
    }

    private var newest: [Key: ChangeEvent] = [:]
    /// The accounts and regions the events name.
    public private(set) var targets: Set<Target> = []

    public init(_ events: [ChangeEvent]) {
        for event in events {
            targets.insert(Target(account: event.account, region: event.region))
            keep(event, .instance, event.instanceIds)
            keep(event, .template, event.launchTemplates)
            keep(event, .group, event.autoScalingGroups)
        }
    }

    public var isEmpty: Bool { targets.isEmpty }

    private mutating func keep(_ event: ChangeEvent, _ kind: Kind, _ names: [String]) {
        for name in names {
            let key = Key(account: event.account, region: event.region, kind: kind, name: name)
            // CloudTrail's ISO 8601 UTC times order as text.
            if let known = newest[key], known.eventTime > event.eventTime { continue }
            newest[key] = event
        }
    }

    private func event(_ kind: Kind, _ name: String, in target: Target) -> ChangeEvent? {
        newest[Key(account: target.account, region: target.region, kind: kind, name: name)]
    }

    /// The event that explains `item`: for an instance, the newest naming it; for a launch
    /// template version, the newest naming the template (by id or name) or a group launching
    /// from it; for a group, the newest naming the group. Nil when no event names it.
    public func cause(of item: DriftItem) -> ChangeEvent? {
        guard let subject = item.subject else { return event(.instance, item.instanceId, in: item.target) }
        var candidates: [ChangeEvent?]
        switch subject.type {
        case .launchTemplate:
            candidates = [event(.template, subject.id, in: item.target), subject.name.flatMap { event(.template, $0, in: item.target) }]
            candidates += subject.groups.map { event(.group, $0, in: item.target) }
        case .autoScalingGroup:
            candidates = [event(.group, subject.id, in: item.target)]
        }
        return candidates.compactMap { $0 }.max { $0.eventTime < $1.eventTime }
    }

    /// Whether an event names the instance `resolution` is about.
    public func names(_ resolution: Resolution) -> Bool {
        event(.instance, resolution.instanceId, in: resolution.target) != nil
    }
}
