import AWSClient
import GitStore

/// Why a cycle failed, as a bounded set of constants: the `reason` label of
/// `rolesync_cycle_errors_total` and the word in brackets of the daemon's log lines.
public enum CycleFailureReason: String, Sendable, Hashable, CaseIterable {
    /// The manifests have problems: nothing is acted on until they are fixed (fail closed).
    case invalidDesiredState = "invalid-desired-state"
    /// The manifests hold no assignment: an empty desired state never leads to actions.
    case emptyDesiredState = "empty-desired-state"
    /// Opening, fetching, reading or writing the repository failed.
    case git
    /// AWS kept throttling past the retry rules.
    case awsThrottled = "aws-throttled"
    /// AWS could not be reached, or kept failing transiently, past the retry rules.
    case awsUnavailable = "aws-unavailable"
    /// AWS refused a call (permissions, a bad request).
    case awsError = "aws-error"
    /// No credentials could be found or refreshed.
    case credentials
    /// Anything else.
    case other
}

/// A failed cycle: the reason constant and what happened, for the log.
public struct CycleFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: CycleFailureReason
    public var message: String

    public init(reason: CycleFailureReason, message: String) {
        self.reason = reason
        self.message = message
    }

    /// Sorts an error thrown by a cycle into its reason; keeps its text as the message.
    public init(classifying error: any Error) {
        self.init(reason: Self.reason(for: error), message: "\(error)")
    }

    public var description: String { "\(reason.rawValue): \(message)" }

    static func reason(for error: any Error) -> CycleFailureReason {
        switch error {
        case let failure as CycleFailure:
            return failure.reason
        case let desired as DesiredStateError:
            switch desired {
            case .invalid: return .invalidDesiredState
            case .empty: return .emptyDesiredState
            }
        case is GitError:
            return .git
        case let exhausted as RetriesExhausted:
            return exhausted.lastRetryClass == .throttling ? .awsThrottled : .awsUnavailable
        case is AWSTransportError:
            return .awsUnavailable
        case is AWSServiceError:
            return .awsError
        case is CredentialsNotFound, is CredentialProviderError:
            return .credentials
        default:
            return .other
        }
    }
}
