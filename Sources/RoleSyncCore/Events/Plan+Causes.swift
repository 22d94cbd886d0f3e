extension Plan {
    /// The plan with each drift item carrying the event that explains it (`ChangeCauses.cause(of:)`).
    /// Items no event names keep no cause: reports say "cause unknown" for them. The plan hash is
    /// unchanged: a cause explains, it plans nothing.
    public func attributing(_ causes: [ChangeEvent]) -> Plan {
        guard !causes.isEmpty else { return self }
        let known = ChangeCauses(causes)
        var attributed = self
        for index in attributed.drift.indices {
            attributed.drift[index].cause = known.cause(of: attributed.drift[index])
        }
        return attributed
    }
}

extension DriftReport {
    /// Only what the events name: the drift items they explain, the resolutions of the instances
    /// they name, and the failed targets among theirs, counted again. The items themselves are
    /// the full diff's, so a narrowed plan follows exactly the rules a full one does.
    public func narrowed(to causes: ChangeCauses) -> DriftReport {
        let items = items.filter { causes.cause(of: $0) != nil }
        let resolutions = resolutions.filter { causes.names($0) }
        return DriftReport(
            desiredRevision: desiredRevision, summary: Differ.summarize(items: items, resolutions: resolutions),
            items: items, resolutions: resolutions, failedTargets: failedTargets.filter { causes.targets.contains($0.target) })
    }
}
