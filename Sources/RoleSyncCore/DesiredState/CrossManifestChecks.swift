/// Rules that span documents and files: unique names per kind, a single policy, and one
/// profile per instance id. Documents arrive in load order (path, then position), so "the
/// first" is stable however the caller listed the files.
enum CrossManifestChecks {
    static func problems(in documents: [DecodedDocument]) -> [ManifestProblem] {
        duplicateNames(documents) + extraPolicies(documents) + instanceConflicts(documents)
    }

    private static func duplicateNames(_ documents: [DecodedDocument]) -> [ManifestProblem] {
        var firstByName: [ManifestKind: [String: SourceLocation]] = [:]
        var problems: [ManifestProblem] = []
        for document in documents {
            guard let name = document.name else { continue }
            if let first = firstByName[document.kind]?[name] {
                problems.append(ManifestProblem(
                    location: document.nameLocation, field: "metadata.name",
                    detail: "duplicate \(document.kind.rawValue) name \"\(name)\"; first defined at \(first)"))
            } else {
                firstByName[document.kind, default: [:]][name] = document.nameLocation
            }
        }
        return problems
    }

    private static func extraPolicies(_ documents: [DecodedDocument]) -> [ManifestProblem] {
        let policies = documents.filter { $0.kind == .reconcilePolicy }
        guard let first = policies.first else { return [] }
        return policies.dropFirst().map { extra in
            ManifestProblem(
                location: extra.kindLocation, field: "kind",
                detail: "a repository holds at most one ReconcilePolicy; the first is at \(first.source)")
        }
    }

    /// The same instance id in two assignments is fine when both ask for the same profile (a
    /// name and an ARN ending in that name count as the same); otherwise it can never converge.
    private static func instanceConflicts(_ documents: [DecodedDocument]) -> [ManifestProblem] {
        var firstById: [String: (assignment: InstanceRoleAssignment, location: SourceLocation)] = [:]
        var problems: [ManifestProblem] = []
        for document in documents {
            guard case .assignment(let decoded)? = document.body else { continue }
            let profile = decoded.assignment.instanceProfile
            for written in decoded.writtenInstanceIds {
                guard let first = firstById[written.value] else {
                    firstById[written.value] = (decoded.assignment, written.location)
                    continue
                }
                guard !sameProfile(first.assignment.instanceProfile, profile) else { continue }
                problems.append(ManifestProblem(
                    location: written.location, field: written.field,
                    detail: "instance \(written.value) is assigned \(profile) here but \(first.assignment.instanceProfile)"
                        + " by \"\(first.assignment.name)\" at \(first.location)"))
            }
        }
        return problems
    }

    private static func sameProfile(_ lhs: ProfileReference, _ rhs: ProfileReference) -> Bool {
        switch (lhs, rhs) {
        case (.name, .arn), (.arn, .name): lhs.profileName == rhs.profileName
        default: lhs == rhs
        }
    }
}
