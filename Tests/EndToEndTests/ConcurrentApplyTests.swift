import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// Two `apply` processes for the same repository at once: the run lock lets one plan and
/// mutate while the other waits, so no change is sent twice or recorded by both.
@Suite(.serialized) struct ConcurrentApplyTests {
    static let suite = "concurrent"

    @Test func twoAppliesAtOnceMutateEachInstanceOnce() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let ids = try await world.fleet.seed(
            profiles: [ProfileSeed("app-ec2", role: "app"), ProfileSeed("old-ec2", role: "old")],
            instances: (0..<8).map { InstanceSeed("app-\($0)", tags: ["team": "app"], profile: "old-ec2") })
        try await world.commit([
            "policy.yaml": ManifestText.policy(),
            "app.yaml": ManifestText.assignment("app", tags: ["team": "app"], profile: "app-ec2"),
        ])
        let environment = [
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
            "HOME": world.directory.path, "XDG_CACHE_HOME": world.directory.url.appendingPathComponent("cache").path,
            "AWS_ENDPOINT_URL": try #require(world.server).endpoint,
        ]
        let arguments = ["apply", "--auto-approve", "--repo", world.repo.path, "--lock-timeout", "2m"]
        let first = try DaemonProcess(arguments, environment: environment)
        let second = try DaemonProcess(arguments, environment: environment)
        while first.isRunning || second.isRunning { try await Task.sleep(for: .milliseconds(50)) }

        #expect(first.exitStatus == 0, "\(first.stderr)")
        #expect(second.exitStatus == 0, "\(second.stderr)")
        let live = try await world.fleet.associations()
        #expect(ids.values.allSatisfy { live[$0] == "app-ec2" }, "\(live)")
        // Exactly one run replaced the profiles; the other found nothing to do.
        let commits = try await world.decisionCommits()
        #expect(commits.count == 1, "\(commits)")
        let outputs = [first.stderr, second.stderr]
        #expect(outputs.filter { $0.contains("nothing new: no decision recorded") }.count == 1, "\(outputs)")
    }
}
