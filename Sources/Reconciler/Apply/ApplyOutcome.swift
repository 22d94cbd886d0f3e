import RoleSyncCore

/// What the calls of one action achieved, before it is written into the action's outcome.
enum ApplyResult: Sendable, Equatable {
    /// The change was made and has settled (or was left to settle within the waiting rules).
    case applied
    /// The change was made, but waiting for it to settle failed: the detail says how.
    case appliedNotSettled(String)
    /// The call failed in a way a lost response explains, and a re-read shows the change made.
    case confirmedByReread
    /// Disassociate succeeded but the new profile was not attached: the instance has none now.
    case partiallyApplied(PartialApplication)
}

/// A disassociate-then-associate that stopped halfway.
struct PartialApplication: Sendable, Equatable {
    /// The profile ARN (or association id when EC2 named no profile) that was removed.
    var disassociated: String
    /// The profile that was to be attached.
    var desiredProfile: String
    /// False when Associate was never called (the old association did not go away in time).
    var associateAttempted: Bool
    var errorCode: String
    var errorMessage: String

    /// "disassociated <old>; associate of <new> failed: <code>: <message>"
    var message: String {
        let what = associateAttempted ? "failed" : "not attempted"
        return "disassociated \(disassociated); associate of \(desiredProfile) \(what): \(errorCode): \(errorMessage)"
    }
}

extension AWSRemediationExecutor {
    /// The reason recorded for a change made whose settling could not be watched to the end.
    static let notSettledPrefix = "applied; not yet settled: "
    /// The reason recorded for a change a re-read showed made after its call reported failure.
    static let confirmedByRereadReason = "applied (confirmed by re-read)"

    /// The recorded outcome of `action` given what its calls achieved.
    static func outcome(of action: PlannedAction, _ result: ApplyResult) -> PlannedAction {
        var outcome = action
        switch result {
        case .applied:
            outcome.status = .succeeded
            outcome.reason = nil
        case .appliedNotSettled(let detail):
            outcome.status = .succeeded
            outcome.reason = notSettledPrefix + detail
        case .confirmedByReread:
            outcome.status = .succeeded
            outcome.reason = confirmedByRereadReason
        case .partiallyApplied(let partial):
            outcome = failed(action, code: "PartiallyApplied", message: partial.message)
        }
        return outcome
    }

    static func failed(_ action: PlannedAction, error: any Error) -> PlannedAction {
        let (code, message) = ApplyDecisions.codeAndMessage(of: error)
        return failed(action, code: code, message: message)
    }

    static func failed(_ action: PlannedAction, code: String, message: String) -> PlannedAction {
        var outcome = action
        outcome.status = .failed
        outcome.errorCode = code
        outcome.errorMessage = message
        outcome.reason = "\(code): \(message)"
        return outcome
    }
}
