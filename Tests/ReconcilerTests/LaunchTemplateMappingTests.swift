import AWSClient
@testable import Reconciler
import RoleSyncCore
import Testing

/// How a group's launch template specifications become template versions, and its tags the
/// tags of the instances it launches.
@Suite("Launch template mapping")
struct LaunchTemplateMappingTests {
    static let target = Target(account: "111122223333", region: "us-east-1")
    static let templates = [
        LaunchTemplate(id: "lt-0a", name: "web", defaultVersionNumber: 2, latestVersionNumber: 5),
        LaunchTemplate(id: "lt-0b", name: "db", defaultVersionNumber: 1, latestVersionNumber: 1),
    ]

    @Test("$Default, $Latest, pinned numbers and names resolve; each version once")
    func versions() {
        let group = AutoScalingGroup(
            name: "web",
            launchTemplate: LaunchTemplateSpecification(launchTemplateId: "lt-0a"),
            mixedInstancesTemplate: LaunchTemplateSpecification(launchTemplateName: "web", version: "$Latest"),
            overrideTemplates: [
                LaunchTemplateSpecification(launchTemplateName: "db", version: "1"),
                LaunchTemplateSpecification(launchTemplateId: "lt-0a", version: "2"),
            ])
        let (uses, unresolved, choices) = LaunchTemplateMapping.uses(of: group, templates: Self.templates)
        #expect(uses == [
            LaunchTemplateUse(templateId: "lt-0a", version: 2), LaunchTemplateUse(templateId: "lt-0a", version: 5),
            LaunchTemplateUse(templateId: "lt-0b", version: 1),
        ])
        #expect(unresolved.isEmpty)
        // Every place is kept, with the version as asked, even where two name the same version.
        #expect(choices == [
            LaunchTemplateChoice(templateId: "lt-0a", place: .launchTemplate, requested: "$Default", version: 2),
            LaunchTemplateChoice(templateId: "lt-0a", place: .mixedInstancesPolicy, requested: "$Latest", version: 5),
            LaunchTemplateChoice(templateId: "lt-0b", place: .override, requested: "1", version: 1),
            LaunchTemplateChoice(templateId: "lt-0a", place: .override, requested: "2", version: 2),
        ])
    }

    @Test("a missing template and a version past the latest are named, not dropped")
    func unresolved() {
        let group = AutoScalingGroup(
            name: "odd", launchTemplate: LaunchTemplateSpecification(launchTemplateName: "gone"),
            overrideTemplates: [LaunchTemplateSpecification(launchTemplateId: "lt-0b", version: "7")])
        let (uses, unresolved, choices) = LaunchTemplateMapping.uses(of: group, templates: Self.templates)
        #expect(uses.isEmpty)
        #expect(choices.isEmpty)
        #expect(unresolved == ["launch template gone does not exist", "launch template lt-0b has no version 7"])
    }

    @Test("launched instances carry the propagated tags and the group name, nothing else")
    func launchTags() {
        let group = AutoScalingGroup(name: "web", tags: [
            AutoScalingTag(key: "team", value: "web", propagateAtLaunch: true),
            AutoScalingTag(key: "cost", value: "c1", propagateAtLaunch: false),
        ])
        let live = LaunchTemplateMapping.group(group, target: Self.target, uses: [], unresolved: [])
        #expect(live.launchTags == ["team": "web", "aws:autoscaling:groupName": "web"])
    }

    @Test("a version names its profile by ARN or by name")
    func profile() {
        let byArn = LaunchTemplateVersion(templateId: "lt-0a", templateName: "web", versionNumber: 1, profileArn: "arn:aws:iam::1:instance-profile/p")
        let byName = LaunchTemplateVersion(templateId: "lt-0a", templateName: "web", versionNumber: 2, profileName: "p")
        let none = LaunchTemplateVersion(templateId: "lt-0a", templateName: "web", versionNumber: 3)
        #expect(LaunchTemplateMapping.version(byArn, target: Self.target).profile == .arn("arn:aws:iam::1:instance-profile/p"))
        #expect(LaunchTemplateMapping.version(byName, target: Self.target).profile == .name("p"))
        let read = LaunchTemplateMapping.version(byName, target: Self.target, template: Self.templates[0])
        #expect(read.defaultVersion == 2)
        #expect(read.latestVersion == 5)
        #expect(LaunchTemplateMapping.version(none, target: Self.target).profile == nil)
    }
}
