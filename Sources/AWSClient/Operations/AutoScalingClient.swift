/// Auto Scaling reads rolesync makes, in one account and region: which groups exist, what
/// they launch from, and the tags they give their instances. Auto Scaling speaks the plain
/// Query protocol and has its own throttling, so its calls draw on their own token bucket.
public struct AutoScalingClient: Sendable {
    public let region: String
    /// `MaxRecords` per page: 100, the most Auto Scaling allows, unless a test asks for less.
    public var pageSize: Int
    let client: QueryServiceClient

    public init(
        region: String, endpoint: ServiceEndpoint, credentials: any CredentialProvider, policy: RequestPolicy,
        account: String, transport: QueryTransport, pageSize: Int = 100
    ) {
        self.region = region
        self.pageSize = min(max(pageSize, 1), 100)
        self.client = QueryServiceClient(
            transport: transport, endpoint: endpoint, credentials: credentials, policy: policy,
            account: account, region: region)
    }

    /// Every group of the region, following `NextToken`.
    public func describeAutoScalingGroups() async throws -> [AutoScalingGroup] {
        try await describeAutoScalingGroups(names: [])
    }

    /// The named groups (every group when `names` is empty), following `NextToken`: the check
    /// made right before a group is changed reads just the groups it changes.
    public func describeAutoScalingGroups(names: [String]) async throws -> [AutoScalingGroup] {
        var base = client.newRequest("DescribeAutoScalingGroups")
        base.addList("AutoScalingGroupNames.member", names)
        base.add("MaxRecords", String(pageSize))
        var groups: [AutoScalingGroup] = []
        var next: String?
        try await client.paginate(base, bucket: { _ in .autoScaling }, nextToken: { _ in next }) { response in
            let page = try LaunchTemplateDecoding.autoScalingGroups(in: response)
            groups += page.groups
            next = page.nextToken
        }
        return groups
    }

    /// `UpdateAutoScalingGroup` to launch from another version of a template it names: in its
    /// own `LaunchTemplate`, or in its mixed instances policy's `LaunchTemplateSpecification`
    /// (then only that is sent, and Auto Scaling leaves the rest of the policy as it is). The
    /// template is named by id; nothing else about the group changes.
    public func setLaunchTemplateVersion(
        groupName: String, templateId: String, version: Int, inMixedInstancesPolicy: Bool
    ) async throws {
        var request = client.newRequest("UpdateAutoScalingGroup")
        request.add("AutoScalingGroupName", groupName)
        let prefix = inMixedInstancesPolicy ? "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification" : "LaunchTemplate"
        request.add("\(prefix).LaunchTemplateId", templateId)
        request.add("\(prefix).Version", String(version))
        _ = try await client.call(request, bucket: .autoScaling)
    }
}
