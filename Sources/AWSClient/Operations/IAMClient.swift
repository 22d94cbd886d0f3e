/// IAM reads rolesync needs: which instance profiles exist and which role each holds.
/// IAM is global, so one client serves every region of an account.
public struct IAMClient: Sendable {
    let client: QueryServiceClient

    public init(
        endpoint: ServiceEndpoint, credentials: any CredentialProvider, policy: RequestPolicy, account: String,
        transport: QueryTransport
    ) {
        client = QueryServiceClient(
            transport: transport, endpoint: endpoint, credentials: credentials, policy: policy,
            account: account, region: endpoint.signingRegion)
    }

    /// Every instance profile of the account, following `Marker` while `IsTruncated`.
    public func listInstanceProfiles() async throws -> [InstanceProfile] {
        let action = "ListInstanceProfiles"
        var profiles: [InstanceProfile] = []
        var marker: String?
        var markers = PageTokens(action: action)
        repeat {
            var request = client.newRequest(action)
            request.add("MaxItems", "1000")
            if let marker { request.add("Marker", marker) }
            let result = try await client.call(request, bucket: .global).required("\(action)Result", in: action)
            for member in result.list("InstanceProfiles", member: "member") {
                profiles.append(try Self.instanceProfile(member, action: action))
            }
            marker = try markers.follow(result.string("IsTruncated") == "true" ? result.string("Marker") : nil)
        } while marker != nil
        return profiles
    }

    /// One instance profile by name; a missing one fails with `AWSServiceError` `NoSuchEntity`.
    public func getInstanceProfile(name: String) async throws -> InstanceProfile {
        let action = "GetInstanceProfile"
        var request = client.newRequest(action)
        request.add("InstanceProfileName", name)
        let result = try await client.call(request, bucket: .global).required("\(action)Result", in: action)
        return try Self.instanceProfile(try result.required("InstanceProfile", in: action), action: action)
    }

    static func instanceProfile(_ node: XMLElementNode, action: String) throws -> InstanceProfile {
        InstanceProfile(
            name: try node.requiredString("InstanceProfileName", in: action),
            arn: try node.requiredString("Arn", in: action),
            id: node.string("InstanceProfileId") ?? "",
            path: node.string("Path") ?? "/",
            roles: node.list("Roles", member: "member").compactMap { role in
                guard let name = role.string("RoleName"), let arn = role.string("Arn") else { return nil }
                return IAMRole(name: name, arn: arn)
            })
    }
}
