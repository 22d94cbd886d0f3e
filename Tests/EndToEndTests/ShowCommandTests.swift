import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `rolesync show` of a saved review too big for any comment: each forge's limit holds, with the
/// summary and risks whole and the omission stated.
struct ShowCommandTests {
    @Test(arguments: [32_768, 65_000, 1_000_000])
    func aTwentyThousandActionPlanStaysUnderTheCommentLimit(limit: Int) async throws {
        let world = try await World.offline()
        defer { world.remove() }
        let file = world.directory.url.appendingPathComponent("plan.json")
        try Self.hugePlan(count: 20_000).encodeJSON().write(to: file)

        let result = try await RoleSyncBinary.run(
            ["show", file.path, "--format", "markdown", "--comment-limit", String(limit)],
            environment: ["HOME": world.directory.url.path], input: nil)

        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.utf8.count <= limit)
        #expect(result.stdout.hasPrefix("<!-- rolesync-plan -->\n"))
        #expect(result.stdout.contains("| 20000 | 0 | 20000 | 0 | 20000 | 20000 / 50 |"), "the summary is whole")
        #expect(result.stdout.contains("**over-max-changes**: the change makes 20000 mutations"), "the risks are whole")
        #expect(result.stdout.contains("row(s) left out**"))
        #expect(result.stdout.contains("full plan is in the JSON artifact"))
    }

    @Test func aFileThatIsNotAPlanIsRefused() async throws {
        let world = try await World.offline()
        defer { world.remove() }
        let file = world.directory.url.appendingPathComponent("plan.json")
        try Data("{}".utf8).write(to: file)
        let result = try await RoleSyncBinary.run(["show", file.path], environment: ["HOME": world.directory.url.path], input: nil)
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("is not a rolesync plan"), "\(result.stderr)")
    }

    static func hugePlan(count: Int) -> Plan {
        let account = "123456789012", region = "us-east-1"
        let profile = "arn:aws:iam::\(account):instance-profile/web"
        let ids = (0..<count).map { String(format: "i-%08x", $0) }
        let source = SourceLocation(file: "web.yaml", line: 8)
        let review = ChangeReview(
            base: "main", mergeBase: "0123456789abcdef", head: "fedcba9876543210",
            manifests: [ManifestChange(
                kind: "InstanceRoleAssignment", name: "web", change: .added, source: SourceLocation(file: "web.yaml", line: 1),
                fields: [FieldChange(field: "instanceProfile", from: nil, to: "web", source: source)])],
            instances: ids.map {
                InstanceImpact(instanceId: $0, account: account, region: region, from: "unmanaged", to: "web",
                               toSource: source, causes: ["InstanceRoleAssignment/web"])
            },
            risks: [RiskFinding(kind: "over-max-changes", message: "the change makes \(count) mutations, over maxChanges 50")],
            mutations: count, maxChanges: 50)
        return Plan(
            desiredRevision: "fedcba9876543210", planHash: "sha256:0",
            summary: PlanSummary(instances: count, inSync: 0, drifted: count, actions: 0, blocked: count),
            drift: ids.map { DriftItem(instanceId: $0, account: account, region: region, kind: .missing, desired: profile, source: source) },
            actions: ids.map {
                PlannedAction(type: .associate, instanceId: $0, account: account, region: region, profile: profile,
                              status: .blocked, reason: "over-max-changes")
            },
            review: review)
    }
}
