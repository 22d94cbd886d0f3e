import RoleSyncCore

/// What the calls of one action achieved, before it is written into the action's outcome.
enum ApplyResult: Sendable, Equatable {
    /// The change was made and has settled (or was left to settle within the waiting rules).
    case applied
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
    /// The recorded outcome of `action` given what its calls achieved.
    static func outcome(of action: PlannedAction, _ result: ApplyResult) -> PlannedAction {
        var outcome = action
        switch result {
        case .applied:
            outcome.status = .succeeded
            outcome.reason = nil
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
