import AWSClient
import RoleSyncCore

/// The pure decisions the executor makes after a mutating call fails, kept apart from the
/// calls so they can be checked with plain values.
enum ApplyDecisions {
    /// Answers to Associate/Replace that a retried call gets when an earlier attempt was applied
    /// but its response was lost: the instance already has an association (`IncorrectState`
    /// "There is an existing association"), or the association being replaced is gone.
    static let mayHaveBeenAppliedCodes: Set<String> = ["IncorrectState", "InvalidAssociationID.NotFound"]

    /// Whether a failed Associate or Replace answered with `code` is worth a re-read of the
    /// instance's association before it is called a failure.
    static func mayHaveBeenApplied(errorCode code: String?) -> Bool {
        code.map(mayHaveBeenAppliedCodes.contains) ?? false
    }

    /// Whether a failed mutation is ambiguous, so a re-read decides its outcome: an answer a lost
    /// response explains (above), or retries given up on, where an earlier attempt may have
    /// reached EC2 with only its answer lost (a dropped connection, a timeout, a cut-off body).
    static func mayHaveBeenApplied(_ error: any Error) -> Bool {
        switch error {
        case is RetriesExhausted, is AWSTransportError: true
        default: mayHaveBeenApplied(errorCode: errorCode(of: error))
        }
    }

    /// Whether `association` attaches the desired profile: equal ARNs, or, for a profile the plan
    /// could only name, an ARN ending in that name. An association on its way out does not count.
    static func attaches(_ profile: String, _ association: IamInstanceProfileAssociation?) -> Bool {
        guard let association, let arn = association.iamInstanceProfile?.arn,
            association.state != "disassociating", association.state != "disassociated"
        else { return false }
        if profile.hasPrefix("arn:") { return arn == profile }
        return arn.split(separator: "/").last.map(String.init) == profile
    }

    /// Whether `original` is gone from the instance: no active association now, or only
    /// `original` itself on its way out. A different association in its place (someone else
    /// attached one meanwhile) does not count: the instance is not as the action meant to leave it.
    static func removed(_ original: IamInstanceProfileAssociation, now current: IamInstanceProfileAssociation?) -> Bool {
        guard let current else { return true }
        return current.associationId == original.associationId && current.state == "disassociating"
    }

    /// Whether a failed Replace is to be retried as disassociate-then-associate: Replace answers
    /// `IncorrectState` on a stopped instance (aws-cli#5251), which may have been stopped after
    /// the plan chose Replace. Only when the association Replace was given is still the
    /// instance's, so nothing someone else changed meanwhile is undone.
    static func shouldFallBackFromReplace(
        errorCode code: String?, replacing original: IamInstanceProfileAssociation,
        now current: IamInstanceProfileAssociation?
    ) -> Bool {
        code == "IncorrectState" && current?.associationId == original.associationId
    }

    /// The AWS error code and message of a failure, for records and reasons.
    static func codeAndMessage(of error: any Error) -> (code: String, message: String) {
        switch error {
        case let error as AWSServiceError:
            return (error.code, error.message)
        case let error as RetriesExhausted:
            return (error.lastErrorCode ?? "RetriesExhausted", error.description)
        case let error as ExecutionError:
            return (error.code, error.message)
        default:
            return ("Error", String(describing: error))
        }
    }

    /// The AWS error code of a failure, when AWS answered one.
    static func errorCode(of error: any Error) -> String? {
        switch error {
        case let error as AWSServiceError: error.code
        case let error as RetriesExhausted: error.lastErrorCode
        default: nil
        }
    }
}
