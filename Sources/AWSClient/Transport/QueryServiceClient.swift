/// What every service client shares: where to send, whose credentials, and the request
/// policy every call goes through so it gains retries and rate limiting.
struct QueryServiceClient: Sendable {
    let transport: QueryTransport
    let endpoint: ServiceEndpoint
    /// nil for a client whose calls are unsigned.
    let credentials: (any CredentialProvider)?
    let policy: RequestPolicy
    /// The account the rate-limit buckets are kept for.
    let account: String
    /// The region of the rate-limit key (EC2's buckets are regional).
    let region: String

    /// Runs one call under the policy. Credentials are resolved inside each attempt, so a
    /// retry after expiry signs with refreshed ones.
    func call(_ request: QueryRequest, bucket: APIBucket) async throws -> XMLElementNode {
        let key = RateLimitKey(account: account, region: region, bucket: bucket)
        return try await policy.perform(action: request.action, key: key) { [self] in
            let signingCredentials = try await credentials?.resolve().credentials
            return try await transport.send(request, to: endpoint, credentials: signingCredentials)
        }
    }

    /// Like `call`, signing with the given credentials instead of the client's provider.
    func call(_ request: QueryRequest, bucket: APIBucket, signedWith credentials: AWSCredentials?) async throws
        -> XMLElementNode
    {
        let key = RateLimitKey(account: account, region: region, bucket: bucket)
        return try await policy.perform(action: request.action, key: key) { [self] in
            try await transport.send(request, to: endpoint, credentials: credentials)
        }
    }

    /// Sends `base`, then again with each `NextToken` the answers give until there is none,
    /// handing every page to `consume`. `bucket` is asked per page, since a token can move a
    /// request into another bucket (EC2's unfiltered DescribeInstances).
    func paginate(
        _ base: QueryRequest, bucket: (QueryRequest) -> APIBucket, nextToken: (XMLElementNode) throws -> String?,
        consume: (XMLElementNode) throws -> Void
    ) async throws {
        var token: String?
        var tokens = PageTokens(action: base.action)
        repeat {
            var request = base
            if let token { request.add("NextToken", token) }
            let page = try await call(request, bucket: bucket(request))
            try consume(page)
            token = try tokens.follow(nextToken(page))
        } while token != nil
    }

    func newRequest(_ action: String) -> QueryRequest {
        QueryRequest(action: action, version: endpoint.service.apiVersion)
    }
}

extension XMLElementNode {
    /// The child an operation cannot do without; its absence means the answer is not what
    /// the API promises.
    func required(_ name: String, in action: String) throws -> XMLElementNode {
        guard let node = child(name) else {
            throw AWSTransportError.malformedResponse("\(action): <\(self.name)> has no <\(name)>")
        }
        return node
    }

    func requiredString(_ name: String, in action: String) throws -> String {
        guard let value = string(name) else {
            throw AWSTransportError.malformedResponse("\(action): <\(self.name)> has no <\(name)> value")
        }
        return value
    }
}
