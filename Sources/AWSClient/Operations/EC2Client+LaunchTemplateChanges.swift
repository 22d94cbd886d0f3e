/// The two EC2 calls that fix a launch template at its source: a new version copied from the
/// one in use with another `IamInstanceProfile`, and moving `$Default` to it. Both draw on the
/// mutating bucket; templates are never deleted or edited in place (versions are immutable).
extension EC2Client {
    /// The template's `$Default` and `$Latest` right now, for the check made before a change.
    /// Filtered by id, so no `MaxResults` (EC2 refuses the pair).
    public func describeLaunchTemplate(id: String) async throws -> LaunchTemplate? {
        var request = client.newRequest("DescribeLaunchTemplates")
        request.addList("LaunchTemplateId", [id])
        var found: [LaunchTemplate] = []
        try await paginate(request) { page in found += try LaunchTemplateDecoding.launchTemplates(in: page) }
        return found.first { $0.id == id }
    }

    /// `CreateLaunchTemplateVersion` with `SourceVersion`: the new version keeps every launch
    /// parameter of `sourceVersion` except the profile given here. `clientToken` makes a retry
    /// of a call whose answer was lost return the version already made instead of a second one.
    /// Returns the new version's number.
    public func createLaunchTemplateVersion(
        templateId: String, sourceVersion: Int, profile: String, description: String, clientToken: String
    ) async throws -> Int {
        var request = client.newRequest("CreateLaunchTemplateVersion")
        request.add("LaunchTemplateId", templateId)
        request.add("SourceVersion", String(sourceVersion))
        request.add("VersionDescription", description)
        request.add("ClientToken", clientToken)
        let specifier = InstanceProfileSpecifier(nameOrArn: profile).parameter
        request.add("LaunchTemplateData." + specifier.name, specifier.value)
        let response = try await client.call(request, bucket: Self.bucket(for: request))
        let version = try response.required("launchTemplateVersion", in: request.action)
        return try LaunchTemplateDecoding.number(version, "versionNumber", action: request.action)
    }

    /// `ModifyLaunchTemplate`: makes `version` the template's `$Default`, which every group
    /// following `$Default` launches from at its next scale-out.
    public func setDefaultLaunchTemplateVersion(templateId: String, version: Int) async throws {
        var request = client.newRequest("ModifyLaunchTemplate")
        request.add("LaunchTemplateId", templateId)
        request.add("SetDefaultVersion", String(version))
        _ = try await client.call(request, bucket: Self.bucket(for: request))
    }
}
