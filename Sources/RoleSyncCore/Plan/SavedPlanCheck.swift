/// `apply --plan FILE`: a saved plan is carried out only when it is exactly what rolesync would
/// plan now, so a stale or edited plan file never reaches AWS.
///
/// A plan made on a pull request's head (`plan --base`) is usually applied after the merge, at
/// another revision. It still holds when that revision has the same manifests (same
/// `ManifestDigest`) and the live state has not moved; it is then bound to the merged revision,
/// so trust checks and the decision record name the commit that was applied. Such a plan holds
/// only the pull request's actions, so those must be among the ones planned now; other drift on
/// the merged revision is left for a later run.
public enum SavedPlanCheck {
    /// Why a saved plan no longer holds.
    public enum Mismatch: Error, Sendable, Hashable, CustomStringConvertible {
        case desiredRevision(saved: String, now: String)
        case liveState(saved: String, now: String)
        case actions

        public var description: String {
            switch self {
            case .desiredRevision(let saved, let now):
                "the saved plan was made at \(saved.prefix(12)), the desired state is now at \(now.prefix(12)) with other manifests: run `rolesync plan` again"
            case .liveState(let saved, let now):
                "the live state changed since the saved plan was made (plan hash \(saved.suffix(12)) ≠ \(now.suffix(12))): run `rolesync plan` again"
            case .actions:
                "the saved plan's actions differ from what the desired and live state call for (edited, or made with other --max-changes): run `rolesync plan` again"
            }
        }
    }

    /// Returns the saved plan, bound to the fresh plan's revision, when it matches the fresh
    /// one; throws the first mismatch otherwise.
    public static func verify(_ saved: Plan, against fresh: Plan) throws(Mismatch) -> Plan {
        let sameManifests = saved.desiredDigest != nil && saved.desiredDigest == fresh.desiredDigest
        guard saved.desiredRevision == fresh.desiredRevision || sameManifests else {
            throw .desiredRevision(saved: saved.desiredRevision, now: fresh.desiredRevision)
        }
        guard saved.planHash == fresh.planHash else {
            throw .liveState(saved: saved.planHash, now: fresh.planHash)
        }
        // The hash covers the inputs; the actions must also be the ones those inputs call for.
        if saved.review != nil {
            guard Set(fresh.actions).isSuperset(of: saved.actions) else { throw .actions }
        } else {
            guard saved.actions == fresh.actions else { throw .actions }
        }
        var bound = saved
        bound.desiredRevision = fresh.desiredRevision
        return bound
    }
}
