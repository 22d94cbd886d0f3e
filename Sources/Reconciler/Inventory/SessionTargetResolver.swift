import AWSClient
import Foundation
import RoleSyncCore

/// Resolves targets through the AWS session: the caller's identity from STS, the accounts of
/// the policy (or of its organization), for each the credentials that reach it, and its regions.
public struct SessionTargetResolver: TargetResolver {
    public var session: AWSSession
    /// `--region` flags; they win over the policy's regions.
    public var regionOverrides: [String]

    public init(session: AWSSession, regionOverrides: [String]) {
        self.session = session
        self.regionOverrides = regionOverrides
    }

    /// Regions: `--region` flags, else the policy's list, else (`regions: enabled`) those each
    /// account has enabled, else the configured region. Accounts: the policy's (assuming their
    /// `roleArn`), or the organization's ACTIVE ones (assuming `roleName` in each), else the
    /// caller's own.
    ///
    /// All regions must lie in one partition, and every `roleArn` in it: STS and IAM are then
    /// called in that partition (see `HomeRegion`) before the first request.
    ///
    /// Every account's credentials are resolved here, once (they are cached): an account whose
    /// role cannot be assumed, or whose regions cannot be listed, comes back as unreachable
    /// targets carrying the reason, and the other accounts go on.
    public func resolveTargets(for desired: DesiredState) async throws -> [ResolvedTarget] {
        let policy = desired.policy
        let enabledRegions = regionOverrides.isEmpty && policy.enabledRegions
        let regions = !regionOverrides.isEmpty ? regionOverrides
            : !policy.regions.isEmpty ? policy.regions
            : enabledRegions ? [] : session.configuredRegion.map { [$0] } ?? []
        guard enabledRegions || !regions.isEmpty else { throw TargetError.noRegion }
        let partition: Partition
        do { partition = try session.settleHomeRegion(forTargets: regions) } catch let error as RegionError {
            throw TargetError.invalidRegion(source: regionOverrides.isEmpty ? "the policy's regions" : "--region", error)
        }
        for account in policy.accounts {
            if let roleArn = account.roleArn, let arnPartition = Partition.id(ofArn: roleArn), arnPartition != partition.id {
                throw TargetError.roleInOtherPartition(account: account.id, roleArn: roleArn, partition: partition)
            }
        }
        let caller = try await session.callerIdentity()
        let accounts: [AccountTarget]
        if let organization = policy.organization {
            accounts = try await OrganizationAccounts(session: session, callerAccount: caller.account)
                .targets(organization, partition: partition)
        } else {
            accounts = policy.accounts.isEmpty ? [AccountTarget(id: caller.account)] : policy.accounts
        }
        return try await withThrowingTaskGroup(of: [ResolvedTarget].self) { group in
            for account in accounts {
                group.addTask {
                    try await resolve(
                        account, callerAccount: caller.account, regions: enabledRegions ? nil : regions, partition: partition)
                }
            }
            var targets: [ResolvedTarget] = []
            for try await resolved in group { targets += resolved }
            return targets.sorted { $0.target < $1.target }
        }
    }

    /// One account's targets: one per region (`regions`, or the account's enabled ones when
    /// nil), or, when it cannot be reached, its targets marked unreachable with the reason.
    /// Unreachable with enabled regions, the account is one target in the home region, where
    /// its regions would have been listed. Enabled regions outside `partition` are dropped: the
    /// credentials cannot work there (AWS never lists them; the emulator does).
    func resolve(
        _ account: AccountTarget, callerAccount: String, regions: [String]?, partition: Partition
    ) async throws -> [ResolvedTarget] {
        let credentials = try session.credentials(for: account, callerAccount: callerAccount)
        let home = session.homeRegion
        do {
            let reached: [String]
            if let regions {
                _ = try await credentials.resolve()
                reached = regions
            } else {
                reached = try await session.ec2(Target(account: account.id, region: home), credentials: credentials)
                    .describeEnabledRegions()
                    .filter { (try? Partition.of(region: $0))?.id == partition.id }
            }
            return Set(reached).sorted().map {
                ResolvedTarget(target: Target(account: account.id, region: $0), credentials: credentials)
            }
        } catch {
            if error is CancellationError { throw error }
            return Set(regions ?? [home]).sorted().map {
                ResolvedTarget(target: Target(account: account.id, region: $0), credentials: credentials, unreachable: error)
            }
        }
    }
}
