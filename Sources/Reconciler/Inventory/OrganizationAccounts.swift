import AWSClient
import Foundation
import RoleSyncCore

/// The accounts an organization policy (`accounts: {organization: …, roleName: …}`) stands for,
/// listed from AWS Organizations with the caller's own credentials: the management account's,
/// or a delegated administrator's.
struct OrganizationAccounts {
    var session: AWSSession
    var callerAccount: String

    /// The ACTIVE accounts of the organization, or of its units `ous` and all units below them,
    /// less `exclude`, sorted. Each is reached by assuming `roleName` in it, except the
    /// caller's own account, which is read with the caller's credentials. Suspended and
    /// closing accounts refuse every call, so they are left out.
    func targets(_ organization: OrganizationTargets, partition: Partition) async throws -> [AccountTarget] {
        let listed = try await listing(organization)
        let excluded = Set(organization.exclude)
        let accounts = Self.selected(listed, excluding: excluded)
        guard !accounts.isEmpty else {
            throw TargetError.noOrganizationAccount(listed: listed.count, excluded: excluded.count)
        }
        return accounts.map { id in
            id == callerAccount
                ? AccountTarget(id: id)
                : AccountTarget(id: id, roleArn: partition.iamArn(account: id, resource: "role/\(organization.roleName)"))
        }
    }

    /// The accounts listed from AWS Organizations, or the session's listing of the same units
    /// when it is younger than `AWSSession.listingLifetime`. A failed listing is not kept.
    private func listing(_ organization: OrganizationTargets) async throws -> [OrganizationAccount] {
        let key = organization.ous.sorted().joined(separator: ",")
        if let kept = session.organizationListings.value(for: key), kept.isFresh(for: AWSSession.listingLifetime) {
            return kept.value
        }
        do {
            let client = OrganizationsClient(
                endpoint: try session.endpoints.endpoint(for: .organizations, region: session.homeRegion),
                credentials: session.credentials, policy: session.policy, account: callerAccount,
                transport: session.transport)
            let listed = organization.ous.isEmpty
                ? try await client.listAccounts()
                : try await client.listAccounts(inOrganizationalUnits: organization.ous)
            session.organizationListings.set(TimedListing(value: listed, madeAt: .now), for: key)
            return listed
        } catch {
            if error is CancellationError { throw error }
            throw TargetError.organizationUnreadable(caller: callerAccount, error)
        }
    }

    /// The ids of the ACTIVE accounts not excluded, sorted and each once.
    static func selected(_ accounts: [OrganizationAccount], excluding excluded: Set<String>) -> [String] {
        Set(accounts.filter { $0.isActive && !excluded.contains($0.id) }.map(\.id)).sorted()
    }
}
