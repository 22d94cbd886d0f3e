import Foundation
import Testing
@testable import RoleSyncCore

/// A group's desired profile is what the assignments give the instances it launches; the
/// template version it launches from is compared with that.
@Suite("Launch template drift")
struct LaunchTemplateDifferTests {
    typealias F = Fixture

    static func group(
        _ name: String, tags: [String: String] = [:], template: String = "lt-0a", version: Int = 1, target: Target = F.east,
        launchConfiguration: String? = nil
    ) -> LiveAutoScalingGroup {
        var launchTags = tags
        launchTags[LiveAutoScalingGroup.groupNameTag] = name
        return LiveAutoScalingGroup(
            name: name, target: target, launchTags: launchTags,
            templates: launchConfiguration == nil ? [LaunchTemplateUse(templateId: template, version: version)] : [],
            launchConfigurationName: launchConfiguration)
    }

    static func version(
        _ id: String = "lt-0a", _ number: Int = 1, profile: String? = nil, target: Target = F.east,
        secrets: [SecretMatch] = [], uninspected: String? = nil
    ) -> LiveLaunchTemplateVersion {
        LiveLaunchTemplateVersion(
            templateId: id, templateName: "\(id)-name", version: number, target: target,
            profile: profile.map(ProfileReference.init(manifestValue:)), secrets: secrets, uninspectedReason: uninspected)
    }

    static func diff(
        _ assignments: [InstanceRoleAssignment], groups: [LiveAutoScalingGroup], versions: [LiveLaunchTemplateVersion],
        exemptions: [Exemption] = [], instances: [LiveInstance] = []
    ) -> DriftReport {
        var inventory = F.inventory(instances)
        inventory.autoScalingGroups = groups
        inventory.launchTemplateVersions = versions
        return Differ.diff(desired: F.desired(assignments, exemptions: exemptions), inventory: inventory, now: F.now)
    }

    /// (what the template names, the assignments, the expected kind or nil for in sync).
    static let cases: [(String?, [InstanceRoleAssignment], DriftKind?)] = [
        (nil, [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1)], .templateMissingProfile),
        ("db", [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1)], .templateWrongProfile),
        ("web", [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1)], nil),
        // By ARN in the template, by name in the manifest (and the other way round): the same profile.
        (F.profileArn("web"), [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1)], nil),
        ("web", [F.assignment("web", tags: ["team": "web"], profile: F.profileArn("web"), line: 1)], nil),
        (F.profileArn("db"), [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1)], .templateWrongProfile),
        // `none` desired: a template naming a profile is wrong, one naming none is right.
        ("web", [F.assignment("bare", tags: ["team": "web"], profile: "none", line: 1)], .templateWrongProfile),
        (nil, [F.assignment("bare", tags: ["team": "web"], profile: "none", line: 1)], nil),
        // The group name tag Auto Scaling adds to launched instances selects too.
        (nil, [F.assignment("by-group", tags: ["aws:autoscaling:groupName": "web-asg"], profile: "web", line: 1)],
         .templateMissingProfile),
        // A tag that does not propagate is not on the instances, so nothing selects them.
        (nil, [F.assignment("cost", tags: ["cost": "c1"], profile: "web", line: 1)], nil),
        // Instance ids never select a group's instances.
        (nil, [F.assignment("ids", ids: ["i-0a1"], profile: "web", line: 1)], nil),
        // Two assignments of one rank wanting different profiles: a conflict, never a guess.
        ("web", [F.assignment("a", tags: ["team": "web"], profile: "web", line: 1),
                 F.assignment("b", tags: ["env": "prod"], profile: "db", line: 9)], .conflict),
        // The same profile once by name and once by ARN is no conflict.
        ("web", [F.assignment("a", tags: ["team": "web"], profile: "web", line: 1),
                 F.assignment("b", tags: ["env": "prod"], profile: F.profileArn("web"), line: 9)], nil),
    ]

    @Test("template profile against the group's assignments", arguments: cases.indices)
    func templateProfile(index: Int) {
        let (named, assignments, expected) = Self.cases[index]
        let report = Self.diff(
            assignments, groups: [Self.group("web-asg", tags: ["team": "web", "env": "prod"])],
            versions: [Self.version(profile: named)])
        let kinds = report.items.filter { $0.subject != nil }.map(\.kind)
        #expect(kinds == (expected.map { [$0] } ?? []), "case \(index)")
    }

    @Test("a wrong template names the template, its version and every group using it")
    func wrongTemplateItem() throws {
        let web = F.assignment("web", tags: ["team": "web"], profile: "web", line: 4)
        let report = Self.diff(
            [web], groups: [Self.group("b-asg", tags: ["team": "web"]), Self.group("a-asg", tags: ["team": "web"]),
                            Self.group("other-asg", template: "lt-0b")],
            versions: [Self.version(profile: "db"), Self.version("lt-0b", profile: "db")])
        let item = try #require(report.items.first { $0.kind == .templateWrongProfile })
        #expect(item.subject == DriftSubject.launchTemplate(id: "lt-0a", name: "lt-0a-name", version: 1, groups: ["a-asg", "b-asg"]))
        #expect(item.instanceId == "launch-template lt-0a (lt-0a-name) version 1")
        #expect(item.desired == F.profileArn("web"))
        #expect(item.actual == "db")
        #expect(item.source == SourceLocation(file: "teams/app.yaml", line: 4))
        #expect(item.reason == "used by groups a-asg, b-asg: assignment web wants web")
        // The template no assignment reaches is not drift.
        #expect(report.items.filter { $0.subject != nil }.count == 1)
        // Instance counts leave templates out.
        #expect(report.summary == DriftSummary(instances: 0, inSync: 0, drifted: 0))
    }

    @Test("groups sharing a version but wanting different profiles conflict on the template")
    func sharedTemplateConflict() throws {
        let report = Self.diff(
            [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1),
             F.assignment("db", tags: ["team": "db"], profile: "db", line: 8)],
            groups: [Self.group("web-asg", tags: ["team": "web"]), Self.group("db-asg", tags: ["team": "db"])],
            versions: [Self.version(profile: "web")])
        let item = try #require(report.items.first { $0.subject != nil })
        #expect(item.kind == .conflict)
        #expect(item.reason?.contains("group db-asg wants db") == true)
        #expect(item.reason?.contains("group web-asg wants web") == true)
    }

    @Test("an active exemption selecting the launched instances leaves the group out")
    func exemptGroup() {
        let exemption = Exemption(
            name: "vendor", selector: InstanceSelector(tags: ["team": "web"]), reason: "vendor AMI", expires: "2027-01-01",
            source: SourceLocation(file: "exemptions.yaml", line: 2))
        let report = Self.diff(
            [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1)],
            groups: [Self.group("web-asg", tags: ["team": "web"])], versions: [Self.version()], exemptions: [exemption])
        #expect(report.items.isEmpty)
    }

    @Test("an assignment scoped to another region does not reach a group")
    func scope() {
        let report = Self.diff(
            [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1, regions: ["us-west-2"])],
            groups: [Self.group("web-asg", tags: ["team": "web"])], versions: [Self.version()])
        #expect(report.items.isEmpty)
    }

    @Test("keys in a version's user-data and unreadable user-data are items of the template")
    func userData() throws {
        let secret = SecretMatch(kind: .accessKeyId, redacted: "AKIA…WXYZ", location: "user-data:3", line: 3)
        let report = Self.diff(
            [], groups: [Self.group("web-asg"), Self.group("db-asg", template: "lt-0b")],
            versions: [Self.version(secrets: [secret]), Self.version("lt-0b", uninspected: "not base64")])
        let keys = try #require(report.items.first { $0.kind == .embeddedCredentials })
        #expect(keys.subject?.id == "lt-0a")
        #expect(keys.actual == "AKIA…WXYZ")
        #expect(keys.reason == "access-key-id at launch template user-data:3")
        let unread = try #require(report.items.first { $0.kind == .userDataUninspected })
        #expect(unread.subject?.id == "lt-0b")
        #expect(unread.reason == "could not inspect: not base64")
    }

    @Test("a template that cannot be resolved or read is never clean")
    func unreadTemplates() throws {
        var broken = Self.group("broken-asg")
        broken.templates = []
        broken.unresolvedTemplates = ["launch template lt-0gone does not exist"]
        let report = Self.diff([], groups: [broken, Self.group("unread-asg", template: "lt-0c", version: 4)], versions: [])
        let unresolved = try #require(report.items.first { $0.subject == .autoScalingGroup("broken-asg") })
        #expect(unresolved.kind == .userDataUninspected)
        #expect(unresolved.reason == "could not inspect what the group launches from: launch template lt-0gone does not exist")
        let unread = try #require(report.items.first { $0.subject?.id == "lt-0c" })
        #expect(unread.kind == .userDataUninspected)
        #expect(unread.subject?.groups == ["unread-asg"])
        #expect(unread.reason == "could not inspect: launch template lt-0c version 4 was not returned")
    }

    @Test("a group on a launch configuration is reported, not checked")
    func launchConfiguration() throws {
        let report = Self.diff(
            [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1)],
            groups: [Self.group("legacy", tags: ["team": "web"], launchConfiguration: "old-lc")], versions: [])
        let item = try #require(report.items.first)
        #expect(report.items.count == 1)
        #expect(item.kind == .launchConfiguration)
        #expect(item.subject == .autoScalingGroup("legacy"))
        #expect(item.reason?.contains("old-lc") == true)
        #expect(!item.kind.isDrift)
    }

    @Test("instances keep their drift beside the templates'")
    func instancesUnchanged() {
        let web = F.assignment("web", tags: ["team": "web"], profile: "web", line: 1)
        let instance = F.instance("i-0a1", tags: ["team": "web"])
        let alone = Differ.diff(desired: F.desired([web]), inventory: F.inventory([instance]), now: F.now)
        let beside = Self.diff([web], groups: [Self.group("web-asg", tags: ["team": "web"])], versions: [Self.version()],
                               instances: [instance])
        #expect(beside.items.filter(\.isAboutInstance) == alone.items)
        #expect(beside.resolutions == alone.resolutions)
        #expect(beside.summary == alone.summary)
    }
}
