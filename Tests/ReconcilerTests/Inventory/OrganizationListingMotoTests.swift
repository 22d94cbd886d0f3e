import AWSClient
import Foundation
import Reconciler
import RoleSyncCore
import Testing
import TestSupport

/// A daemon's session lists its organization once per listing lifetime, not every cycle: an
/// account created meanwhile is seen by a new session (or once the listing ages out), not by
/// the next resolve of the same session.
@Suite struct OrganizationListingMotoTests {
    @Test func oneSessionReusesItsOrganizationListing() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        try await moto.runPython("""
            import boto3
            org = boto3.client("organizations")
            org.create_organization(FeatureSet="ALL")
            org.create_account(AccountName="first", Email="first@example.com")
            """)
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("rolesync-org-listing-\(UUID())")
        defer { try? FileManager.default.removeItem(at: home) }
        func session() throws -> AWSSession {
            try AWSSession(settings: AWSSettings(
                regions: ["us-east-1"], endpointURL: moto.endpoint,
                environment: ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true"],
                homeDirectory: home.path))
        }
        let desired = DesiredState(
            revision: "r", assignments: [],
            policy: ReconcilePolicy(regions: ["us-east-1"], organization: OrganizationTargets(roleName: "rolesync")))
        let daemon = try session()
        let resolver = SessionTargetResolver(session: daemon, regionOverrides: [])
        let before = try await resolver.resolveTargets(for: desired).count
        #expect(before == 2, "the management account and one member")

        try await moto.runPython("""
            import boto3
            boto3.client("organizations").create_account(AccountName="second", Email="second@example.com")
            """)
        #expect(try await resolver.resolveTargets(for: desired).count == before, "the listing is kept")
        let fresh = try session()
        #expect(try await SessionTargetResolver(session: fresh, regionOverrides: []).resolveTargets(for: desired).count == 3)
        await daemon.shutdown()
        await fresh.shutdown()
    }
}
