import Foundation
import Testing
import TestSupport

extension FailClosedTests {
    /// A file over the read limit makes the desired state invalid: apply changes nothing.
    @Test func anOversizedManifestStopsApplyBeforeAnyChange() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await world.fleet.seed(profiles: TwoRegionFleet.profiles, instances: TwoRegionFleet.instances)
        var manifests = TwoRegionFleet.manifests()
        manifests["teams/huge.yaml"] = "# " + String(repeating: "x", count: 2 << 20) + "\n"
        try await world.commit(manifests)
        let before = try await TwoRegionFleet.associations(in: world)

        let result = try await world.rolesync("apply", "--auto-approve")

        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stderr.contains("teams/huge.yaml: error: file is 2097155 bytes, over the limit"), "\(result.stderr)")
        #expect(result.stderr.contains("desired state is invalid"), "\(result.stderr)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
        await #expect(try world.decisionCommits().isEmpty)
    }
}
