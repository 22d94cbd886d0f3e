/// EC2 calls rolesync makes, in one account and region. Reads are paginated (never one call
/// per instance); every call goes through the request policy with its token bucket.
public struct EC2Client: Sendable {
    public let region: String
    /// `MaxResults` for paginated reads: 1000 (the largest EC2 allows) unless a test asks
    /// for smaller pages.
    public var pageSize: Int
    let client: QueryServiceClient

    public init(
        region: String, endpoint: ServiceEndpoint, credentials: any CredentialProvider, policy: RequestPolicy,
        account: String, transport: QueryTransport, pageSize: Int = 1000
    ) {
        self.region = region
        self.pageSize = min(max(pageSize, 5), 1000)  // EC2 accepts MaxResults 5...1000
        self.client = QueryServiceClient(
            transport: transport, endpoint: endpoint, credentials: credentials, policy: policy,
            account: account, region: region)
    }

    /// All instances matching `filters` (and `instanceIds`, when given), following
    /// `nextToken`. `MaxResults` is not sent with `InstanceId.N`: EC2 rejects the pair.
    public func describeInstances(filters: [EC2Filter] = [], instanceIds: [String] = []) async throws
        -> [EC2Instance]
    {
        var base = client.newRequest("DescribeInstances")
        Self.addFilters(filters, to: &base)
        base.addList("InstanceId", instanceIds)
        if instanceIds.isEmpty { base.add("MaxResults", String(pageSize)) }
        var instances: [EC2Instance] = []
        try await paginate(base) { page in instances.append(contentsOf: EC2Decoding.instances(in: page)) }
        return instances
    }

    /// The base64 value of an instance attribute (`userData` by default), nil when unset.
    public func describeInstanceAttribute(instanceId: String, attribute: String = "userData") async throws
        -> String?
    {
        var request = client.newRequest("DescribeInstanceAttribute")
        request.add("InstanceId", instanceId)
        request.add("Attribute", attribute)
        let response = try await client.call(request, bucket: Self.bucket(for: request))
        return response.child(attribute)?.string("value")
    }

    /// Names of the regions enabled for the account.
    public func describeRegions() async throws -> [String] {
        let request = client.newRequest("DescribeRegions")
        let response = try await client.call(request, bucket: Self.bucket(for: request))
        return response.list("regionInfo").compactMap { $0.string("regionName") }
    }

    /// Names of the regions the account can use: those that need no opt-in and those it opted
    /// in to (`OptInStatus` `opt-in-not-required` or `opted-in`), sorted. Asked with
    /// `AllRegions=true` and filtered here, so the answer is the same whether the server
    /// filters (AWS) or lists every region with its status (the emulator); an item without a
    /// status counts as enabled, as AWS lists only enabled regions when it leaves it out.
    public func describeEnabledRegions() async throws -> [String] {
        var request = client.newRequest("DescribeRegions")
        request.add("AllRegions", "true")
        let response = try await client.call(request, bucket: Self.bucket(for: request))
        let enabled: Set<String> = ["opt-in-not-required", "opted-in"]
        return response.list("regionInfo")
            .filter { item in item.string("optInStatus").map(enabled.contains) ?? true }
            .compactMap { $0.string("regionName") }
            .sorted()
    }

    /// Sends `base`, then again with each `nextToken` until there is none, handing every
    /// page to `consume`.
    func paginate(_ base: QueryRequest, consume: (XMLElementNode) throws -> Void) async throws {
        try await client.paginate(base, bucket: Self.bucket(for:), nextToken: EC2Decoding.nextToken, consume: consume)
    }

    static func addFilters(_ filters: [EC2Filter], to request: inout QueryRequest) {
        for (index, filter) in filters.enumerated() {
            request.add("Filter.\(index + 1).Name", filter.name)
            request.addList("Filter.\(index + 1).Value", filter.values)
        }
    }

    /// The EC2 token bucket a request draws from (AWS-NOTES: throttling). Only a
    /// DescribeInstances with no filter, no ids and no pagination counts as unfiltered.
    public static func bucket(for request: QueryRequest) -> APIBucket {
        switch request.action {
        case "DescribeInstances":
            let narrowed = request.parameters.contains {
                $0.name.hasPrefix("Filter.") || $0.name.hasPrefix("InstanceId.")
                    || $0.name == "MaxResults" || $0.name == "NextToken"
            }
            return narrowed ? .nonMutating : .unfilteredDescribe
        case "AssociateIamInstanceProfile": return .associate
        case "DisassociateIamInstanceProfile": return .disassociate
        case let action where action.hasPrefix("Describe"): return .nonMutating
        default: return .mutating
        }
    }
}
