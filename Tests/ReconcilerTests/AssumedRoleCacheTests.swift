import AWSClient
import Foundation
import Reconciler
import RoleSyncCore
import Testing

/// A daemon keeps one AWS session for its life: each cycle must reuse the assumed-role
/// credentials of the last, not call AssumeRole again for every account.
@Suite struct AssumedRoleCacheTests {
    @Test func anAccountsAssumedRoleIsOneCachedProviderForTheSessionsLife() async throws {
        let session = try SessionPartitionTests.session()
        defer { Task { await session.shutdown() } }
        let account = AccountTarget(id: "222233334444", roleArn: "arn:aws:iam::222233334444:role/rolesync")
        let other = AccountTarget(id: "555566667777", roleArn: "arn:aws:iam::555566667777:role/rolesync")
        let first = try #require(try session.credentials(for: account, callerAccount: "111122223333") as? CachedCredentialProvider)
        let again = try #require(try session.credentials(for: account, callerAccount: "111122223333") as? CachedCredentialProvider)
        let elsewhere = try #require(try session.credentials(for: other, callerAccount: "111122223333") as? CachedCredentialProvider)
        #expect(first === again)
        #expect(first !== elsewhere)
    }
}
