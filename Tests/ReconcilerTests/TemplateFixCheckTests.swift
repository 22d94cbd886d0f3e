import AWSClient
@testable import Reconciler
import RoleSyncCore
import Testing

/// The check right before a launch template fix: anything about the template or its groups
/// that moved since the plan skips the action, naming what moved.
@Suite("Launch template fix re-check")
struct TemplateFixCheckTests {
    static let fix = LaunchTemplateFix(
        templateId: "lt-0a", sourceVersion: 2, sourceProfile: "db", defaultVersion: 2, latestVersion: 3,
        followingDefault: ["web"], pinned: [LaunchTemplateFix.PinnedGroup(name: "mixed", place: .mixedInstancesPolicy)])
    static let template = LaunchTemplate(id: "lt-0a", name: "web-lt", defaultVersionNumber: 2, latestVersionNumber: 3)
    static let source = LaunchTemplateVersion(templateId: "lt-0a", templateName: "web-lt", versionNumber: 2, profileName: "db")
    static let groups = [
        AutoScalingGroup(name: "web", launchTemplate: LaunchTemplateSpecification(launchTemplateName: "web-lt")),
        AutoScalingGroup(name: "mixed", mixedInstancesTemplate: LaunchTemplateSpecification(launchTemplateId: "lt-0a", version: "2")),
    ]

    @Test("as planned: no mismatch, and the groups read are those the fix relies on")
    func asPlanned() {
        #expect(TemplateFixCheck.mismatch(Self.fix, template: Self.template, source: Self.source, groups: Self.groups) == nil)
        #expect(TemplateFixCheck.groupNames(of: Self.fix) == ["mixed", "web"])
    }

    @Test("each change since the plan is named", arguments: [
        ("template gone", "it no longer exists"),
        ("version gone", "version 2 no longer exists"),
        ("profile changed", "version 2 names web, the plan saw db"),
        ("default moved", "$Default is version 3, the plan saw 2"),
        ("group gone", "Auto Scaling group mixed changed since the plan: it no longer exists"),
        ("group repinned", "Auto Scaling group mixed changed since the plan: it no longer launches from lt-0a 2"),
        ("group moved to $Latest", "Auto Scaling group web changed since the plan: it no longer launches from lt-0a $Default"),
    ])
    func changed(_ change: String, expected: String) {
        var template: LaunchTemplate? = Self.template
        var source: LaunchTemplateVersion? = Self.source
        var groups = Self.groups
        switch change {
        case "template gone": template = nil
        case "version gone": source = nil
        case "profile changed": source?.profileName = "web"
        case "default moved": template?.defaultVersionNumber = 3
        case "group gone": groups.removeLast()
        case "group repinned": groups[1].mixedInstancesTemplate?.version = "3"
        default: groups[0].launchTemplate?.version = "$Latest"
        }
        let mismatch = TemplateFixCheck.mismatch(Self.fix, template: template, source: source, groups: groups)
        #expect(mismatch?.contains(expected) == true, "\(change): \(mismatch ?? "nil")")
    }
}
