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
    ///
    /// EC2 refuses the whole call when one version or the template is gone (deleted since it
    /// was listed, or a version deleted from the middle): then each version is asked alone, so
    /// the others are still read and the gone ones are simply absent from the answer.
    public func describeLaunchTemplateVersions(templateId: String, versions: [String]) async throws
        -> [LaunchTemplateVersion]
    {
        do {
            return try await launchTemplateVersions(templateId: templateId, versions: versions)
        } catch let error as AWSServiceError where error.code.hasPrefix("InvalidLaunchTemplate") && versions.count > 1 {
            var found: [LaunchTemplateVersion] = []
            for version in versions {
                do {
                    found += try await launchTemplateVersions(templateId: templateId, versions: [version])
                } catch let error as AWSServiceError where error.code.hasPrefix("InvalidLaunchTemplate") {
                    continue
                }
            }
            return Array(Dictionary(found.map { ($0.versionNumber, $0) }) { first, _ in first }.values)
                .sorted { $0.versionNumber < $1.versionNumber }
        }
    }

    private func launchTemplateVersions(templateId: String, versions: [String]) async throws -> [LaunchTemplateVersion] {
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
