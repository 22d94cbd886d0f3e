import Foundation
import Testing
@testable import RoleSyncCore

/// With `fixLaunchTemplates: true` a template version's profile drift is planned as a change at
/// the source: one `update-launch-template` action, counted toward `maxChanges`, blocked when
/// the groups disagree or the new version could not reach exactly them.
@Suite("Launch template fix plans")
struct LaunchTemplateFixPlanTests {
    typealias F = Fixture

    /// A group launching from `lt-0a`, asking for `requested` at `place`.
    static func group(
        _ name: String, requested: String = "$Default", place: LaunchTemplateChoice.Place = .launchTemplate,
        version: Int = 1, tags: [String: String] = ["team": "web"], template: String = "lt-0a"
    ) -> LiveAutoScalingGroup {
        var group = LaunchTemplateDifferTests.group(name, tags: tags, template: template, version: version)
        group.templateChoices = [LaunchTemplateChoice(templateId: template, place: place, requested: requested, version: version)]
        return group
    }

    static func version(_ number: Int = 1, profile: String? = nil, secrets: [SecretMatch] = [], latest: Int = 1) -> LiveLaunchTemplateVersion {
        var version = LaunchTemplateDifferTests.version("lt-0a", number, profile: profile, secrets: secrets)
        version.defaultVersion = 1
        version.latestVersion = latest
        return version
    }

    static func plan(
        groups: [LiveAutoScalingGroup], versions: [LiveLaunchTemplateVersion] = [version()],
        assignments: [InstanceRoleAssignment] = [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1)],
        instances: [LiveInstance] = [], policy: (inout ReconcilePolicy) -> Void = { _ in }
    ) -> Plan {
        var inventory = F.inventory(instances)
        inventory.autoScalingGroups = groups
        inventory.launchTemplateVersions = versions
        var reconcile = ReconcilePolicy(fixLaunchTemplates: true)
        policy(&reconcile)
        let desired = F.desired(assignments, policy: reconcile)
        return Planner.plan(drift: Differ.diff(desired: desired, inventory: inventory, now: F.now), desired: desired, inventory: inventory)
    }

    static func templateActions(_ plan: Plan) -> [PlannedAction] { plan.actions.filter { $0.subject != nil } }

    @Test("a group following $Default: a new version from the one in use, then $Default moved; a mutation")
    func followingDefault() throws {
        let plan = Self.plan(groups: [Self.group("web-asg")])
        let action = try #require(Self.templateActions(plan).first)
        #expect(Self.templateActions(plan).count == 1)
        #expect(action.type == .updateLaunchTemplate)
        #expect(action.status == .planned)
        #expect(action.profile == F.profileArn("web"))
        let fix = try #require(action.launchTemplate)
        #expect(fix.templateId == "lt-0a")
        #expect(fix.sourceVersion == 1)
        #expect(fix.sourceProfile == nil)
        #expect(fix.followingDefault == ["web-asg"])
        #expect(fix.movesDefault)
        #expect(fix.pinned.isEmpty)
        #expect(plan.mutations == [action])
        let steps = action.steps ?? []
        #expect(steps.first == "CreateLaunchTemplateVersion lt-0a: a copy of version 1 with IamInstanceProfile \(F.profileArn("web")).")
        #expect(steps.contains { $0.hasPrefix("ModifyLaunchTemplate lt-0a") })
        #expect(!steps.contains { $0.contains("start-instance-refresh") }, "no instance is wrong")
    }

    @Test("pinned groups are moved where they name the version; $Latest followers need no call", arguments: [
        LaunchTemplateChoice.Place.launchTemplate, .mixedInstancesPolicy,
    ])
    func pinned(place: LaunchTemplateChoice.Place) throws {
        let plan = Self.plan(groups: [Self.group("web-pinned", requested: "1", place: place), Self.group("web-latest", requested: "$Latest")])
        let fix = try #require(Self.templateActions(plan).first?.launchTemplate)
        #expect(fix.pinned == [LaunchTemplateFix.PinnedGroup(name: "web-pinned", place: place)])
        #expect(fix.followingLatest == ["web-latest"])
        #expect(!fix.movesDefault)
        #expect(Self.templateActions(plan).first?.status == .planned)
    }

    @Test("running instances the groups launched that are still wrong are listed, with the refresh command")
    func stillWrongInstances() throws {
        let tags = ["team": "web", LiveAutoScalingGroup.groupNameTag: "web-asg"]
        let plan = Self.plan(
            groups: [Self.group("web-asg")],
            instances: [F.instance("i-0b1", tags: tags), F.instance("i-0b2", tags: tags, profile: "web"), F.instance("i-0b3", .stopped, tags: tags)])
        let steps = try #require(Self.templateActions(plan).first?.steps)
        #expect(steps.contains("Running instances still with another profile, fixed instance by instance by their own actions: i-0b1 (web-asg)."))
        #expect(steps.contains("To replace them instead (rolesync never does): aws autoscaling start-instance-refresh --auto-scaling-group-name web-asg --region us-east-1"))
        // The instances keep their own actions.
        #expect(plan.actions.contains { $0.instanceId == "i-0b1" && $0.type == .associate && $0.status == .planned })
    }

    @Test("groups of one version wanting different profiles: blocked as a conflict, never changed")
    func conflict() throws {
        let plan = Self.plan(
            groups: [Self.group("web-asg"), Self.group("db-asg", tags: ["team": "db"])],
            assignments: [F.assignment("web", tags: ["team": "web"], profile: "web", line: 1),
                          F.assignment("db", tags: ["team": "db"], profile: "db", line: 9)])
        let actions = Self.templateActions(plan)
        #expect(actions.count == 1)
        let action = try #require(actions.first)
        #expect(action.type == .manual)
        #expect(action.status == .blocked)
        #expect(action.blockedBy == .desiredState(.conflict))
        #expect(action.reason?.contains("never changed") == true)
        #expect(plan.mutations.isEmpty)
    }

    @Test("blocked when the profile cannot be used or the new version would reach other groups", arguments: [
        ("missing", "absent", BlockReason.desiredState(.profileNotFound)),
        ("roleless", "empty", BlockReason.desiredState(.profileWithoutRole)),
        ("none wanted", "none", BlockReason.launchTemplateUnfixable),
    ])
    func unusableProfile(_ name: String, profile: String, reason: BlockReason) throws {
        let plan = Self.plan(
            groups: [Self.group("web-asg")], versions: [Self.version(profile: profile == "none" ? "db" : nil)],
            assignments: [F.assignment("web", tags: ["team": "web"], profile: profile, line: 1)])
        let action = try #require(Self.templateActions(plan).first, "\(name)")
        #expect(action.status == .blocked, "\(name)")
        #expect(action.blockedBy == reason, "\(name): \(action)")
    }

    @Test("a pinned override, or groups on $Latest of another version, block the fix")
    func unreachable() throws {
        let override = Self.plan(groups: [Self.group("web-asg", requested: "1", place: .override)])
        #expect(Self.templateActions(override).first?.blockedBy == .launchTemplateUnfixable)
        #expect(Self.templateActions(override).first?.reason?.contains("mixed instances override") == true)

        let elsewhere = Self.plan(
            groups: [Self.group("web-asg"), Self.group("other", requested: "$Latest", version: 2, tags: ["team": "other"])],
            versions: [Self.version(latest: 2), Self.version(2, latest: 2)])
        let action = try #require(Self.templateActions(elsewhere).first { $0.subject?.version == 1 })
        #expect(action.blockedBy == .launchTemplateUnfixable)
        #expect(action.reason?.contains("groups other launch from") == true, "\(action)")
    }

    @Test("it counts toward maxChanges, and observe mode blocks it like any mutation")
    func policyLimits() {
        let tags = ["team": "web"]
        let overLimit = Self.plan(groups: [Self.group("web-asg")], instances: [F.instance("i-0c1", tags: tags)]) { $0.maxChanges = 1 }
        #expect(overLimit.actions.filter(\.type.isMutation).allSatisfy {
            $0.blockedBy == .overMaxChanges(changes: 2, limit: 1)
        })
        let observed = Self.plan(groups: [Self.group("web-asg")]) { $0.mode = .observe }
        #expect(Self.templateActions(observed).first?.blockedBy == .observeMode)
    }

    @Test("keys in the version's user-data are work for people beside the fix")
    func keys() throws {
        let secret = SecretMatch(kind: .accessKeyId, redacted: "AKIA…WXYZ", location: "user-data:3", line: 3)
        let plan = Self.plan(groups: [Self.group("web-asg")], versions: [Self.version(secrets: [secret])])
        let manual = try #require(Self.templateActions(plan).first { $0.type == .manual })
        #expect(manual.status == .planned)
        #expect(manual.reason?.contains("AKIA…WXYZ") == true)
        #expect(manual.steps?.first?.hasPrefix("Rotate each key found") == true)
        #expect(Self.templateActions(plan).contains { $0.type == .updateLaunchTemplate && $0.status == .planned })
    }

    @Test("JSON round-trips the fix; the plan hash moves when the template's default does")
    func jsonAndHash() throws {
        let plan = Self.plan(groups: [Self.group("web-asg", requested: "1")])
        #expect(try Plan.decode(from: plan.encodeJSON()) == plan)
        let object = try #require(JSONSerialization.jsonObject(with: plan.encodeJSON()) as? [String: Any])
        let action = try #require((object["actions"] as? [[String: Any]])?.first { $0["type"] as? String == "update-launch-template" })
        let fix = try #require(action["launchTemplate"] as? [String: Any])
        #expect(fix["sourceVersion"] as? Int == 1)
        #expect((fix["pinned"] as? [[String: Any]])?.first?["place"] as? String == "launch-template")

        var moved = Self.version()
        moved.defaultVersion = 2
        let other = Self.plan(groups: [Self.group("web-asg", requested: "1")], versions: [moved])
        #expect(other.planHash != plan.planHash)
        #expect(Self.plan(groups: [Self.group("web-asg", requested: "1")]).planHash == plan.planHash)
    }

    @Test("the client token depends on the template, source version and profile only")
    func clientToken() {
        let fix = LaunchTemplateFix(templateId: "lt-0a", sourceVersion: 1, sourceProfile: nil, defaultVersion: 1, latestVersion: 3)
        var later = fix
        later.latestVersion = 4
        #expect(fix.clientToken(profile: "p") == later.clientToken(profile: "p"))
        #expect(fix.clientToken(profile: "p") != fix.clientToken(profile: "q"))
        #expect(fix.clientToken(profile: "p").count <= 64)
    }
}
