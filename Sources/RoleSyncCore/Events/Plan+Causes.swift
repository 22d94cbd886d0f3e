extension Plan {
    /// The plan with each instance's drift items carrying the event that changed the instance
    /// (the newest, when several did), looked up by account, region and instance id. Items no
    /// event names keep no cause. The plan hash is unchanged: a cause explains, it plans nothing.
    public func attributing(_ causes: [ChangeEvent]) -> Plan {
        guard !causes.isEmpty else { return self }
        var latest: [String: ChangeEvent] = [:]
        for event in causes {
            for instance in event.instanceIds {
                let key = "\(event.account)/\(event.region)/\(instance)"
                if let known = latest[key], known.eventTime > event.eventTime { continue }
                latest[key] = event
            }
        }
        var attributed = self
        for index in attributed.drift.indices where attributed.drift[index].isAboutInstance {
            let item = attributed.drift[index]
            attributed.drift[index].cause = latest["\(item.account)/\(item.region)/\(item.instanceId)"]
        }
        return attributed
    }
}
