import AWSClient
import RoleSyncCore

/// The pure decisions the executor makes after a mutating call fails, kept apart from the
/// calls so they can be checked with plain values.
enum ApplyDecisions {
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
}
