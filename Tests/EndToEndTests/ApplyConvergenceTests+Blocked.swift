import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// Problems of the desired state itself block the instance's action, with the reason, while
/// the rest of the fleet converges; a profile named by its ARN (with a path) is attached as named.
extension ApplyConvergenceTests {
    @Test func desiredStateProblemsBlockOnlyTheirInstances() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await world.fleet.seed(profiles: [ProfileSeed("app-ec2", role: "app"), ProfileSeed("empty-ec2", role: nil)], instances: [])
        try await world.fleet.server.runPython("""
            import boto3
            iam = boto3.client("iam")
            iam.create_instance_profile(InstanceProfileName="pathed-ec2", Path="/apps/")
            iam.create_role(RoleName="pathed", AssumeRolePolicyDocument="{}")
            iam.add_role_to_instance_profile(InstanceProfileName="pathed-ec2", RoleName="pathed")
            """)
        let ids = try await world.fleet.seed(instances: [
            InstanceSeed("by-arn", tags: ["team": "arn"]),
            InstanceSeed("roleless", tags: ["team": "empty"]),
            InstanceSeed("conflict", tags: ["team": "app", "env": "both"]),
        ])
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "teams.yaml": ManifestText.documents(
                ManifestText.assignment(
                    "arn", tags: ["team": "arn"], profile: "arn:aws:iam::\(World.account):instance-profile/apps/pathed-ec2"),
                ManifestText.assignment("empty", tags: ["team": "empty"], profile: "empty-ec2"),
                ManifestText.assignment("app", tags: ["team": "app"], profile: "app-ec2"),
                ManifestText.assignment("both", tags: ["env": "both"], profile: "empty-ec2")),
        ])

        let result = try await world.rolesync("apply", "--auto-approve", "--format", "json")

        #expect(result.exitCode == 0, "\(result.output)")
        let outcome = try Plan.decode(from: Data(result.stdout.utf8))
        let reasons = Dictionary(uniqueKeysWithValues: outcome.actions.map { ($0.instanceId, "\($0.status.rawValue) \($0.reason ?? "-")") })
        #expect(reasons[ids["by-arn"]!] == "succeeded -")
        #expect(reasons[ids["roleless"]!]?.hasPrefix("blocked profile-without-role:") == true, "\(reasons)")
        #expect(reasons[ids["conflict"]!]?.hasPrefix("blocked conflict:") == true, "\(reasons)")
        await #expect(try world.fleet.associations() == [ids["by-arn"]!: "pathed-ec2"])
    }
}
