import AsyncHTTPClient
import Foundation

/// Sorts a failed call into how it is handled: throttled, transient, waiting on IAM, or terminal.
///
/// The code lists follow botocore's `retries/standard.py` (throttling and transient codes) and
/// the EC2 error reference; matching is on error codes, never on HTTP status alone, except the
/// 5xx statuses every SDK treats as transient.
public enum RetryClassifier {
    /// Error codes that mean "slow down" (AWS-NOTES: throttling).
    public static let throttlingCodes: Set<String> = [
        "RequestLimitExceeded", "Throttling", "ThrottlingException", "ThrottledException",
        "EC2ThrottledException", "RequestThrottled", "RequestThrottledException",
        "TooManyRequestsException", "SlowDown", "PriorRequestNotComplete",
    ]

    /// Error codes for a service hiccup that the same request may get past.
    public static let transientCodes: Set<String> = [
        "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable",
        "RequestTimeout", "RequestTimeoutException",
    ]

    /// HTTP statuses that are transient whatever the code says.
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]
    /// STS actions that call out to an identity provider.
    public static let stsWebIdentityActions: Set<String> = ["AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"]

    /// Actions whose "Invalid IAM Instance Profile …" answer means IAM has not yet propagated
    /// a just-created profile (terraform-provider-aws retries these for two minutes).
    public static let propagationSensitiveActions: Set<String> = [
        "AssociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation",
    ]

    /// How `error`, raised by one attempt of `action`, is to be handled.
    public static func classify(_ error: any Error, action: String) -> RetryClass {
        switch error {
        case is CancellationError:
            return .terminal
        case let serviceError as AWSServiceError:
            return classify(serviceError, action: action)
        case is AWSTransportError:
            return .transient
        case let clientError as HTTPClientError:
            return classify(clientError)
        default:
            return .terminal
        }
    }

    /// Whether a transient failure is a timeout or lost connection, which botocore's retry
    /// quota charges double (10 tokens instead of 5).
    public static func isTimeoutOrConnectionFailure(_ error: any Error) -> Bool {
        switch error {
        case let transportError as AWSTransportError:
            if case .malformedResponse = transportError { return false }
            return true
        case is HTTPClientError:
            return classify(error, action: "") == .transient
        default:
            return false
        }
    }

    private static func classify(_ error: AWSServiceError, action: String) -> RetryClass {
        if throttlingCodes.contains(error.code) || error.httpStatus == 429 {
            return .throttling
        }
        if transientCodes.contains(error.code) || transientStatuses.contains(error.httpStatus) {
            return .transient
        }
        // botocore's special case for STS: the identity provider behind a web identity token
        // (an OIDC issuer) could not be reached, which passes.
        if error.code == "IDPCommunicationError", stsWebIdentityActions.contains(action) {
            return .transient
        }
        if error.code == "InvalidParameterValue",
            propagationSensitiveActions.contains(action),
            isUnknownProfileMessage(error.message)
        {
            return .iamPropagation
        }
        return .terminal
    }

    /// Whether EC2 says it does not know the profile: "Invalid IAM Instance Profile name" when
    /// it was named by `IamInstanceProfile.Name`, "… ARN" when named by `IamInstanceProfile.Arn`
    /// (which rolesync sends once a profile is resolved), in whatever case.
    static func isUnknownProfileMessage(_ message: String) -> Bool {
        message.range(of: "Invalid IAM Instance Profile", options: .caseInsensitive) != nil
    }

    /// A safety net for transport errors that reach the policy unmapped: timeouts and dropped
    /// connections are transient, everything else (bad URL, TLS configuration) is not.
    private static func classify(_ error: HTTPClientError) -> RetryClass {
        let transient: [HTTPClientError] = [
            .readTimeout, .writeTimeout, .connectTimeout, .deadlineExceeded,
            .remoteConnectionClosed, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout,
        ]
        return transient.contains(error) ? .transient : .terminal
    }
}
