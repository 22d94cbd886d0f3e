/// Who the caller is, as STS GetCallerIdentity reports it.
public struct CallerIdentity: Sendable, Hashable {
    public var account: String
    public var arn: String
    public var userId: String
    /// The credential provider that supplied the keys (`environment`, `imds`, …), when known.
    public var credentialSource: String?

    public init(account: String, arn: String, userId: String, credentialSource: String? = nil) {
        self.account = account
        self.arn = arn
        self.userId = userId
        self.credentialSource = credentialSource
    }
}

/// STS calls made with the client's own credentials: identity and role assumption.
public struct STSClient: Sendable {
    let client: QueryServiceClient

    public init(
        endpoint: ServiceEndpoint, credentials: any CredentialProvider, policy: RequestPolicy, account: String = "",
        transport: QueryTransport
    ) {
        client = QueryServiceClient(
            transport: transport, endpoint: endpoint, credentials: credentials, policy: policy,
            account: account, region: endpoint.signingRegion)
    }

    public func getCallerIdentity() async throws -> CallerIdentity {
        let action = "GetCallerIdentity"
        let result = try await client.call(client.newRequest(action), bucket: .global)
            .required("\(action)Result", in: action)
        return CallerIdentity(
            account: try result.requiredString("Account", in: action),
            arn: try result.requiredString("Arn", in: action),
            userId: result.string("UserId") ?? "")
    }

    /// Temporary credentials for `roleArn`, with their expiration.
    public func assumeRole(
        roleArn: String, sessionName: String, externalId: String? = nil, durationSeconds: Int? = nil
    ) async throws -> AWSCredentials {
        let request = STSRequests.assumeRole(
            client.newRequest("AssumeRole"), roleArn: roleArn, sessionName: sessionName,
            externalId: externalId, durationSeconds: durationSeconds)
        return try STSRequests.credentials(in: try await client.call(request, bucket: .global), action: request.action)
    }

    /// The adapter the credential chain uses, sharing this client's endpoint and policy.
    public var roleAssumer: STSRoleAssumer {
        STSRoleAssumer(
            endpoint: client.endpoint, policy: client.policy, transport: client.transport, account: client.account)
    }
}

/// `RoleAssuming` for the credential chain: AssumeRole signed with credentials given per
/// call, and AssumeRoleWithWebIdentity, which is sent unsigned (the token is the proof).
public struct STSRoleAssumer: RoleAssuming {
    let client: QueryServiceClient

    public init(endpoint: ServiceEndpoint, policy: RequestPolicy, transport: QueryTransport, account: String = "") {
        client = QueryServiceClient(
            transport: transport, endpoint: endpoint, credentials: nil, policy: policy, account: account,
            region: endpoint.signingRegion)
    }

    public func assumeRole(
        roleArn: String, sessionName: String, externalId: String?, using credentials: AWSCredentials
    ) async throws -> AWSCredentials {
        let request = STSRequests.assumeRole(
            client.newRequest("AssumeRole"), roleArn: roleArn, sessionName: sessionName,
            externalId: externalId, durationSeconds: nil)
        let response = try await client.call(request, bucket: .global, signedWith: credentials)
        return try STSRequests.credentials(in: response, action: request.action)
    }

    public func assumeRoleWithWebIdentity(
        roleArn: String, sessionName: String, webIdentityToken: String
    ) async throws -> AWSCredentials {
        var request = client.newRequest("AssumeRoleWithWebIdentity")
        request.add("RoleArn", roleArn)
        request.add("RoleSessionName", sessionName)
        request.add("WebIdentityToken", webIdentityToken)
        let response = try await client.call(request, bucket: .global, signedWith: nil)
        return try STSRequests.credentials(in: response, action: request.action)
    }
}

enum STSRequests {
    static func assumeRole(
        _ base: QueryRequest, roleArn: String, sessionName: String, externalId: String?, durationSeconds: Int?
    ) -> QueryRequest {
        var request = base
        request.add("RoleArn", roleArn)
        request.add("RoleSessionName", sessionName)
        if let externalId { request.add("ExternalId", externalId) }
        if let durationSeconds { request.add("DurationSeconds", String(durationSeconds)) }
        return request
    }

    /// Reads `<XResult><Credentials>` of AssumeRole and AssumeRoleWithWebIdentity.
    ///
    /// STS credentials always expire; without a readable `Expiration` a cache would keep them
    /// forever, so such an answer is malformed.
    static func credentials(in response: XMLElementNode, action: String) throws -> AWSCredentials {
        let node = try response.required("\(action)Result", in: action).required("Credentials", in: action)
        guard let expiration = try AWSDateFormat.parseISO8601(node.requiredString("Expiration", in: action)) else {
            throw AWSTransportError.malformedResponse("\(action): <Credentials> has an unreadable <Expiration>")
        }
        return AWSCredentials(
            accessKeyId: try node.requiredString("AccessKeyId", in: action),
            secretAccessKey: try node.requiredString("SecretAccessKey", in: action),
            sessionToken: node.string("SessionToken"),
            expiration: expiration)
    }
}
