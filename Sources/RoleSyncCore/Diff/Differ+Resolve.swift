import Foundation

extension Differ {
    /// What the differ needs besides the instance itself.
    struct Context: Sendable {
        let catalog: ProfileCatalog
        let unmanaged: UnmanagedHandling
        let now: Date
    }

    /// The items for one instance and the resolution the planner acts on.
    struct InstanceOutcome {
        var items: [DriftItem] = []
        var resolution: Resolution
    }

    /// What the assignments matching one instance (or the instances a group launches) decide.
    enum AssignmentDecision {
        case unmanaged
        case conflict(Conflict)
        case assigned(InstanceRoleAssignment)
    }

    /// Assignments of the same rank wanting different profiles: the wanted profiles, the first
    /// assignment's line, and who wants what.
    struct Conflict {
        var desired: String
        var source: SourceLocation
        var reason: String
    }
}

extension Differ.Context {
    /// Exemptions first (an active one ends the story), then assignments by rank, then the profile.
    func resolve(
        _ instance: LiveInstance, matches: [AssignmentMatch], exemptions: [Exemption], protectedBy: String?
    ) -> Differ.InstanceOutcome {
        // A `disassociated` record is history, not an attachment.
        let active = instance.association.flatMap { $0.state == .disassociated ? nil : $0 }
        var outcome = Differ.InstanceOutcome(resolution: Resolution(
            instanceId: instance.instanceId, target: instance.target, state: instance.state,
            actual: active, protectedBy: protectedBy))
        let actualArn = active?.profileArn

        if let exemption = exemptions.first(where: { $0.isActive(at: now) }) {
            let reason = "\(exemption.reason) (exemption \(exemption.name), expires \(exemption.expires))"
            outcome.resolution.kind = .exempt
            outcome.resolution.source = exemption.source
            outcome.resolution.reason = reason
            outcome.items.append(item(instance, .exempt, desired: uniqueDesired(matches, instance),
                                      actual: actualArn, source: exemption.source, reason: reason))
            return outcome
        }
        for expired in exemptions {
            outcome.items.append(item(
                instance, .exemptionExpired, actual: actualArn, source: expired.source,
                reason: "exemption \(expired.name) expired \(expired.expires): \(expired.reason)"))
        }

        switch decide(matches, account: instance.target.account) {
        case .unmanaged:
            outcome.resolution.kind = .unmanaged
            if unmanaged == .report {
                outcome.items.append(item(instance, .unmanaged, actual: actualArn))
            }
        case .conflict(let conflict):
            outcome.resolution.kind = .conflict
            outcome.resolution.source = conflict.source
            outcome.resolution.reason = conflict.reason
            outcome.items.append(item(
                instance, .conflict, desired: conflict.desired, actual: actualArn, source: conflict.source,
                reason: conflict.reason))
        case .assigned(let assignment):
            compare(instance, actual: active, with: assignment, into: &outcome)
        }
        return outcome
    }

    /// What the matching assignments decide, by the precedence rules: none matches; the best
    /// rank's matches want different profiles (a conflict); or one assignment decides.
    func decide(_ matches: [AssignmentMatch], account: String) -> Differ.AssignmentDecision {
        guard let bestRank = matches.map(\.rank).max() else { return .unmanaged }
        let best = matches.filter { $0.rank == bestRank }
        let distinct = distinctProfiles(best, account: account)
        guard distinct.count > 1 else { return .assigned(best[0].assignment) }
        let reason = "assignments " + distinct.map { "\($0.assignment.name) (\($0.assignment.source)) wants \($0.assignment.instanceProfile)" }
            .joined(separator: ", ") + " at the same rank (\(bestRank == .id ? "instance id" : "tags"))"
        return .conflict(Differ.Conflict(
            desired: distinct.map { $0.assignment.instanceProfile.description }.joined(separator: ", "),
            source: distinct[0].assignment.source, reason: reason))
    }

    /// One match per distinct profile, in source order (the first names the source).
    private func distinctProfiles(_ matches: [AssignmentMatch], account: String) -> [AssignmentMatch] {
        var seen = Set<String>()
        return matches.filter { seen.insert(catalog.identity(of: $0.assignment.instanceProfile, inAccount: account)).inserted }
    }

    /// The desired profile text when the matches agree (for exempt items), else nil.
    private func uniqueDesired(_ matches: [AssignmentMatch], _ instance: LiveInstance) -> String? {
        guard let bestRank = matches.map(\.rank).max() else { return nil }
        let distinct = distinctProfiles(matches.filter { $0.rank == bestRank }, account: instance.target.account)
        return distinct.count == 1 ? distinct[0].assignment.instanceProfile.description : nil
    }

    /// Compares the attached association with the one assignment that decides the instance.
    private func compare(
        _ instance: LiveInstance, actual: ProfileAssociation?, with assignment: InstanceRoleAssignment,
        into outcome: inout Differ.InstanceOutcome
    ) {
        let wanted = assignment.instanceProfile
        let account = instance.target.account
        let live = catalog.profile(wanted, inAccount: account)
        outcome.resolution.desiredProfile = wanted
        outcome.resolution.desiredProfileArn = live?.arn
        outcome.resolution.source = assignment.source

        func report(_ kind: DriftKind, reason: String? = nil) {
            outcome.resolution.kind = kind
            outcome.resolution.reason = reason
            outcome.items.append(item(instance, kind, desired: live?.arn ?? wanted.description,
                                      actual: actual?.profileArn, source: assignment.source, reason: reason))
        }

        if let actual, actual.state.isInFlight {
            return report(.pending, reason: "association \(actual.associationId) is \(actual.state.rawValue)")
        }
        if case .none = wanted {
            if actual != nil { report(.unexpected) }
            return
        }
        let attached = actual.map { association($0, satisfies: wanted, resolvedArn: live?.arn) } ?? false
        if let live, live.roles.isEmpty {
            let note = attached ? "; it is attached already, so add a role to the profile" : ""
            return report(.profileWithoutRole, reason: "instance profile \(live.name) holds no role\(note)")
        }
        if attached { return }
        guard live != nil else {
            return report(.profileNotFound, reason: "instance profile \(wanted) not found in account \(account)")
        }
        report(actual == nil ? .missing : .wrong)
    }

    private func item(
        _ instance: LiveInstance, _ kind: DriftKind, desired: String? = nil, actual: String? = nil,
        source: SourceLocation? = nil, reason: String? = nil
    ) -> DriftItem {
        DriftItem(instanceId: instance.instanceId, target: instance.target, kind: kind, desired: desired,
                  actual: actual, source: source, reason: reason)
    }
}
