/// Instance profile associations: the reads that tell which profile an instance has, and the
/// three calls that change it (AWS-NOTES: instance profile API).
extension EC2Client {
    /// The most values rolesync puts in one filter (or id list) of one call. botocore's model
    /// of DescribeIamInstanceProfileAssociations sets no limit on `Filter.N.Value.M` or
    /// `AssociationId.N`, so this is EC2's documented limit of 200 values per filter.
    public static let maxFilterValues = 200

    /// The rate limits this client's calls are paced by, for callers that schedule work
    /// around the same buckets.
    public var rateLimits: RateLimitConfiguration { client.policy.rateLimiter.configuration }

    /// All associations matching `filters` (`instance-id`, `state`) and `associationIds`,
    /// following `NextToken`.
    public func describeIamInstanceProfileAssociations(
        filters: [EC2Filter] = [], associationIds: [String] = []
    ) async throws -> [IamInstanceProfileAssociation] {
        let action = "DescribeIamInstanceProfileAssociations"
        var base = client.newRequest(action)
        Self.addFilters(filters, to: &base)
        base.addList("AssociationId", associationIds)
        if associationIds.isEmpty { base.add("MaxResults", String(pageSize)) }
        var associations: [IamInstanceProfileAssociation] = []
        try await paginate(base) { page in
            for item in page.list("iamInstanceProfileAssociationSet") {
                associations.append(try EC2Decoding.association(item, action: action))
            }
        }
        return associations
    }

    /// Attaches `profile` (a name or an ARN) to an instance that has none; running or stopped.
    public func associateIamInstanceProfile(instanceId: String, profile: String) async throws
        -> IamInstanceProfileAssociation
    {
        var request = client.newRequest("AssociateIamInstanceProfile")
        request.add("InstanceId", instanceId)
        request.parameters.append(InstanceProfileSpecifier(nameOrArn: profile).parameter)
        return try await association(from: request)
    }

    /// Swaps the profile of an existing association; works on running instances only.
    public func replaceIamInstanceProfileAssociation(associationId: String, profile: String) async throws
        -> IamInstanceProfileAssociation
    {
        var request = client.newRequest("ReplaceIamInstanceProfileAssociation")
        request.add("AssociationId", associationId)
        request.parameters.append(InstanceProfileSpecifier(nameOrArn: profile).parameter)
        return try await association(from: request)
    }

    /// Removes the profile of an association.
    public func disassociateIamInstanceProfile(associationId: String) async throws
        -> IamInstanceProfileAssociation
    {
        var request = client.newRequest("DisassociateIamInstanceProfile")
        request.add("AssociationId", associationId)
        return try await association(from: request)
    }

    private func association(from request: QueryRequest) async throws -> IamInstanceProfileAssociation {
        let response = try await client.call(request, bucket: Self.bucket(for: request))
        let node = try response.required("iamInstanceProfileAssociation", in: request.action)
        return try EC2Decoding.association(node, action: request.action)
    }
}
