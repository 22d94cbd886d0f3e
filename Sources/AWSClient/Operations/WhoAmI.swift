/// `rolesync aws whoami`: resolves credentials once, asks STS who they belong to, and names
/// the provider that supplied them, so a surprising identity can be traced to its source.
public func whoAmI(
    credentials: any CredentialProvider, region: String, endpoints: EndpointResolver,
    transport: QueryTransport, policy: RequestPolicy
) async throws -> CallerIdentity {
    let resolved = try await credentials.resolve()
    let sts = STSClient(
        endpoint: try endpoints.endpoint(for: .sts, region: region),
        credentials: StaticCredentialProvider(resolved.credentials, source: resolved.source),
        policy: policy, transport: transport)
    var identity = try await sts.getCallerIdentity()
    identity.credentialSource = resolved.source
    return identity
}
