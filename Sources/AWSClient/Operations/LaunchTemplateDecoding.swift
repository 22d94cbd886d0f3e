/// Maps Auto Scaling and EC2 launch template answers to the model.
///
/// Auto Scaling speaks the plain Query protocol (`<…Result>` wrapper, lists of `<member>`,
/// PascalCase names); EC2's launch template calls answer like its other calls (`<item>`,
/// camelCase, no wrapper).
public enum LaunchTemplateDecoding {
    /// The groups of one DescribeAutoScalingGroups page and its `NextToken`.
    public static func autoScalingGroups(in response: XMLElementNode) throws
        -> (groups: [AutoScalingGroup], nextToken: String?)
    {
        let action = "DescribeAutoScalingGroups"
        let result = try response.required("\(action)Result", in: action)
        let groups = try result.list("AutoScalingGroups", member: "member").map { try group($0, action: action) }
        return (groups, result.string("NextToken"))
    }

    static func group(_ node: XMLElementNode, action: String) throws -> AutoScalingGroup {
        var group = AutoScalingGroup(name: try node.requiredString("AutoScalingGroupName", in: action))
        group.arn = node.string("AutoScalingGroupARN")
        group.launchTemplate = node.child("LaunchTemplate").map(specification)
        if let mixed = node.descendant("MixedInstancesPolicy", "LaunchTemplate") {
            group.mixedInstancesTemplate = mixed.child("LaunchTemplateSpecification").map(specification)
            group.overrideTemplates = mixed.list("Overrides", member: "member")
                .compactMap { $0.child("LaunchTemplateSpecification").map(specification) }
        }
        group.launchConfigurationName = node.string("LaunchConfigurationName")
        group.tags = node.list("Tags", member: "member").compactMap { tag in
            guard let key = tag.string("Key") else { return nil }
            return AutoScalingTag(
                key: key, value: tag.child("Value")?.text ?? "", propagateAtLaunch: tag.string("PropagateAtLaunch") == "true")
        }
        return group
    }

    static func specification(_ node: XMLElementNode) -> LaunchTemplateSpecification {
        LaunchTemplateSpecification(
            launchTemplateId: node.string("LaunchTemplateId"), launchTemplateName: node.string("LaunchTemplateName"),
            version: node.string("Version"))
    }

    /// The templates of one DescribeLaunchTemplates page.
    public static func launchTemplates(in response: XMLElementNode) throws -> [LaunchTemplate] {
        let action = "DescribeLaunchTemplates"
        return try response.list("launchTemplates").map { item in
            LaunchTemplate(
                id: try item.requiredString("launchTemplateId", in: action),
                name: item.string("launchTemplateName") ?? "",
                defaultVersionNumber: try number(item, "defaultVersionNumber", action: action),
                latestVersionNumber: try number(item, "latestVersionNumber", action: action))
        }
    }

    /// The versions of one DescribeLaunchTemplateVersions page.
    public static func launchTemplateVersions(in response: XMLElementNode) throws -> [LaunchTemplateVersion] {
        let action = "DescribeLaunchTemplateVersions"
        return try response.list("launchTemplateVersionSet").map { item in
            let data = item.child("launchTemplateData")
            let profile = data?.child("iamInstanceProfile")
            return LaunchTemplateVersion(
                templateId: try item.requiredString("launchTemplateId", in: action),
                templateName: item.string("launchTemplateName") ?? "",
                versionNumber: try number(item, "versionNumber", action: action),
                isDefault: item.string("defaultVersion") == "true",
                profileArn: profile?.string("arn"), profileName: profile?.string("name"),
                userData: data?.string("userData"))
        }
    }

    static func number(_ node: XMLElementNode, _ name: String, action: String) throws -> Int {
        let text = try node.requiredString(name, in: action)
        guard let value = Int(text) else {
            throw AWSTransportError.malformedResponse("\(action): <\(name)> is \"\(text)\", not a number")
        }
        return value
    }
}
