extension EC2Client {
    /// Every launch template of the region, following `nextToken`: what `$Default` and
    /// `$Latest` stand for, and the id behind a name. `MaxResults` (at most 200 here) is sent
    /// only without ids or names, as EC2 refuses the pair.
    public func describeLaunchTemplates() async throws -> [LaunchTemplate] {
        var base = client.newRequest("DescribeLaunchTemplates")
        base.add("MaxResults", String(min(pageSize, 200)))
        var templates: [LaunchTemplate] = []
        try await paginate(base) { page in templates += try LaunchTemplateDecoding.launchTemplates(in: page) }
        return templates
    }

    /// The given versions (numbers, `$Default`, `$Latest`) of one template, each once, in
    /// version order. One call (and its pages) per template, never per instance or group;
    /// no `MaxResults`, which EC2 refuses beside version numbers.
    public func describeLaunchTemplateVersions(templateId: String, versions: [String]) async throws
        -> [LaunchTemplateVersion]
    {
        var base = client.newRequest("DescribeLaunchTemplateVersions")
        base.add("LaunchTemplateId", templateId)
        base.addList("LaunchTemplateVersion", versions)
        var byNumber: [Int: LaunchTemplateVersion] = [:]
        try await paginate(base) { page in
            // An alias and the number it stands for answer with the same version twice.
            for version in try LaunchTemplateDecoding.launchTemplateVersions(in: page) {
                byNumber[version.versionNumber] = version
            }
        }
        return byNumber.values.sorted { $0.versionNumber < $1.versionNumber }
    }
}
