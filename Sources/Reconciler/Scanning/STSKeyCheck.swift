import AWSClient
import RoleSyncCore

/// Checks a found key pair the one way that changes nothing and needs no permission: STS
/// `GetCallerIdentity` signed with it. This is a call made with someone else's credentials,
/// which is why `scan --verify` is off unless asked for.
public struct STSKeyCheck: KeyPairCheck {
    let endpoint: ServiceEndpoint
    let transport: QueryTransport
    let policy: RequestPolicy

    /// STS's answers that mean the pair does not work: the key id is unknown, deleted or
    /// inactive, the secret is not this key's, or the session has expired.
    static let refusals: Set<String> = [
        "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "AuthFailure", "UnrecognizedClientException",
        "InvalidAccessKeyId",
    ]

    /// STS in the session's home region, through its transport (proxies, CA bundle, endpoint
    /// URL). A policy of its own: a throttled or failing check must not slow the scan's other
    /// calls, and is not worth many retries.
    public init(session: AWSSession) throws {
        endpoint = try session.endpoints.endpoint(for: .sts, region: session.homeRegion)
        transport = session.transport
        policy = RequestPolicy(configuration: RetryConfiguration(maxAttempts: 2))
    }

    public func check(_ pair: KeyPair) async -> KeyVerification {
        let credentials = StaticCredentialProvider(
            AWSCredentials(accessKeyId: pair.accessKeyId, secretAccessKey: pair.secretAccessKey, sessionToken: pair.sessionToken),
            source: "found")
        let sts = STSClient(endpoint: endpoint, credentials: credentials, policy: policy, transport: transport)
        do {
            let identity = try await sts.getCallerIdentity()
            return KeyVerification(status: .live, arn: identity.arn)
        } catch let error as AWSServiceError {
            return Self.verdict(code: error.code)
        } catch let error as RetriesExhausted {
            return error.lastErrorCode.map(Self.verdict) ?? KeyVerification(status: .unknown, reason: "no answer from STS")
        } catch is CancellationError {
            return KeyVerification(status: .unknown, reason: "cancelled")
        } catch {
            // Transport errors name hosts, never credentials; still, only their kind is kept.
            return KeyVerification(status: .unknown, reason: "no answer from STS")
        }
    }

    static func verdict(code: String) -> KeyVerification {
        KeyVerification(status: refusals.contains(code) ? .revoked : .unknown, reason: code)
    }
}
