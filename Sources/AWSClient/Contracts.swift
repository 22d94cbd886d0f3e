import Foundation

// The small set of types every part of AWSClient agrees on: credentials and where they came
// from, the typed AWS error, how an error is to be handled, and injected time.

/// Keys used to sign requests. Never printed: `description` shows only the key id's ends.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    public var description: String {
        "AWSCredentials(\(AWSCredentials.redact(accessKeyId)), secret: <redacted>)"
    }

    /// First four and last four characters of a key id, the rest elided.
    public static func redact(_ keyId: String) -> String {
        guard keyId.count > 8 else { return String(repeating: "*", count: keyId.count) }
        return "\(keyId.prefix(4))…\(keyId.suffix(4))"
    }
}

/// Credentials plus the name of the provider that produced them (`environment`,
/// `shared-config:profile-name`, `web-identity`, `container`, `imds`, `assume-role`).
public struct ResolvedCredentials: Sendable, Equatable {
    public var credentials: AWSCredentials
    public var source: String

    public init(credentials: AWSCredentials, source: String) {
        self.credentials = credentials
        self.source = source
    }
}

/// Something that yields credentials. Implementations that hold temporary credentials cache
/// and refresh them ahead of expiry, once, however many callers ask at the same time.
public protocol CredentialProvider: Sendable {
    func resolve() async throws -> ResolvedCredentials
}

/// The calls the credential chain needs from STS (AssumeRole for `role_arn` profiles,
/// AssumeRoleWithWebIdentity for web identity token files).
public protocol RoleAssuming: Sendable {
    func assumeRole(
        roleArn: String, sessionName: String, externalId: String?, using credentials: AWSCredentials
    ) async throws -> AWSCredentials
    func assumeRoleWithWebIdentity(
        roleArn: String, sessionName: String, webIdentityToken: String
    ) async throws -> AWSCredentials
}

/// An error answered by an AWS service, decoded from EC2's `<Response><Errors>` or IAM/STS's
/// `<ErrorResponse>` shape.
public struct AWSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var requestId: String?
    public var httpStatus: Int
    /// The API action that failed, e.g. `DescribeInstances`.
    public var action: String

    public init(code: String, message: String, requestId: String?, httpStatus: Int, action: String) {
        self.code = code
        self.message = message
        self.requestId = requestId
        self.httpStatus = httpStatus
        self.action = action
    }

    public var description: String {
        var text = "\(action) failed: \(code) (HTTP \(httpStatus)): \(message)"
        if let requestId { text += " [request \(requestId)]" }
        return text
    }
}

/// How a failed call is handled (smithy-swift's RetryErrorType, plus IAM's eventual consistency).
public enum RetryClass: Sendable, Equatable {
    /// `RequestLimitExceeded` and friends: back off and slow the rate limiter down.
    case throttling
    /// HTTP 5xx, timeouts, dropped connections: back off and try again.
    case transient
    /// A just-created profile not yet visible to EC2: retry Associate/Replace for up to 2 minutes.
    case iamPropagation
    /// Anything else: retrying cannot help.
    case terminal
}

/// Sleeping, injected so tests never wait on the wall clock.
public protocol Sleeper: Sendable {
    func sleep(for duration: Duration) async throws
}

/// The real sleeper.
public struct ContinuousSleeper: Sleeper {
    public init() {}
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

/// The current time, injected for the same reason.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A failure below the AWS protocol: the request never got a well-formed AWS answer.
public enum AWSTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Connection refused, reset or dropped.
    case connection(String)
    /// No answer within the request timeout.
    case timeout
    /// An answer that is not the XML the API promises (cut short, not XML, wrong shape).
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .connection(let detail): "connection failed: \(detail)"
        case .timeout: "request timed out"
        case .malformedResponse(let detail): "malformed response: \(detail)"
        }
    }
}
