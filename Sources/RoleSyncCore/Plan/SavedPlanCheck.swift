/// `apply --plan FILE`: a saved plan is carried out only when it is exactly what rolesync would
/// plan now, so a stale or edited plan file never reaches AWS.
public enum SavedPlanCheck {
    /// Why a saved plan no longer holds.
    public enum Mismatch: Error, Sendable, Hashable, CustomStringConvertible {
        case desiredRevision(saved: String, now: String)
        case liveState(saved: String, now: String)
        case actions

        public var description: String {
            switch self {
            case .desiredRevision(let saved, let now):
                "the saved plan was made at \(saved.prefix(12)), the desired state is now at \(now.prefix(12)): run `rolesync plan` again"
            case .liveState(let saved, let now):
                "the live state changed since the saved plan was made (plan hash \(saved.suffix(12)) ≠ \(now.suffix(12))): run `rolesync plan` again"
            case .actions:
                "the saved plan's actions differ from what the desired and live state call for (edited, or made with other --max-changes): run `rolesync plan` again"
            }
        }
    }

    /// Returns the saved plan when it matches the fresh one; throws the first mismatch otherwise.
    public static func verify(_ saved: Plan, against fresh: Plan) throws(Mismatch) -> Plan {
        guard saved.desiredRevision == fresh.desiredRevision else {
            throw .desiredRevision(saved: saved.desiredRevision, now: fresh.desiredRevision)
        }
        guard saved.planHash == fresh.planHash else {
            throw .liveState(saved: saved.planHash, now: fresh.planHash)
        }
        // The hash covers the inputs; the actions must also be the ones those inputs call for.
        guard saved.actions == fresh.actions else { throw .actions }
        return saved
    }
}
