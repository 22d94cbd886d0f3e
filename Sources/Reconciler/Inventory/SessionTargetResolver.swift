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
    ///
    /// All regions must lie in one partition, and every `roleArn` in it: STS and IAM are then
    /// called in that partition (see `HomeRegion`) before the first request.
    public func resolveTargets(for desired: DesiredState) async throws -> [ResolvedTarget] {
        let regions = !regionOverrides.isEmpty ? regionOverrides
            : !desired.policy.regions.isEmpty ? desired.policy.regions : session.configuredRegion.map { [$0] } ?? []
        guard !regions.isEmpty else { throw TargetError.noRegion }
        let partition: Partition
        do { partition = try session.settleHomeRegion(forTargets: regions) } catch let error as RegionError {
            throw TargetError.invalidRegion(source: regionOverrides.isEmpty ? "the policy's regions" : "--region", error)
        }
        for account in desired.policy.accounts {
            if let roleArn = account.roleArn, let arnPartition = Partition.id(ofArn: roleArn), arnPartition != partition.id {
                throw TargetError.roleInOtherPartition(account: account.id, roleArn: roleArn, partition: partition)
            }
        }
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
