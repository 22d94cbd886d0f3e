import AWSClient
import Foundation
import RoleSyncCore

/// Resolves targets through the AWS session: the caller's identity from STS, and for each
/// account of the policy the credentials that reach it.
public struct SessionTargetResolver: TargetResolver {
    public var session: AWSSession
    /// `--region` flags; they win over the policy's regions.
    public var regionOverrides: [String]

    public init(session: AWSSession, regionOverrides: [String]) {
        self.session = session
        self.regionOverrides = regionOverrides
    }

    /// Regions: `--region` flags, else the policy's, else the configured region. Accounts: the
    /// policy's (assuming their `roleArn`), else the caller's own.
    public func resolveTargets(for desired: DesiredState) async throws -> [ResolvedTarget] {
        let regions = !regionOverrides.isEmpty ? regionOverrides
            : !desired.policy.regions.isEmpty ? desired.policy.regions : session.configuredRegion.map { [$0] } ?? []
        guard !regions.isEmpty else { throw TargetError.noRegion }
        let caller = try await session.callerIdentity()
        let accounts = desired.policy.accounts.isEmpty ? [AccountTarget(id: caller.account)] : desired.policy.accounts
        var targets: [ResolvedTarget] = []
        for account in accounts {
            let credentials = try session.credentials(for: account, callerAccount: caller.account)
            for region in Set(regions).sorted() {
                targets.append(ResolvedTarget(target: Target(account: account.id, region: region), credentials: credentials))
            }
        }
        return targets
    }
}
