import AWSClient
import Foundation

/// The region a session calls STS and IAM in. Credentials, IAM and STS belong to one
/// partition, so this region must be in the targets' partition: a policy listing only
/// `cn-north-1` talks to `sts.cn-north-1.amazonaws.com.cn`, not to us-east-1.
///
/// The configured region (environment, then profile) is kept when it lies in the targets'
/// partition, since the caller chose it; otherwise the first target region is used, which the
/// account has enabled (a region it has not opted in to would refuse STS). Until targets are
/// known, the configured region or the fallback serves identity calls. A lock rather than an
/// actor: endpoints are resolved synchronously when clients are built.
final class HomeRegion: @unchecked Sendable {
    private let lock = NSLock()
    private let configured: String?
    private var current: String

    init(configured: String?, fallback: String) {
        self.configured = configured
        self.current = configured ?? fallback
    }

    var region: String { lock.withLock { current } }

    /// Moves the region into the partition of `regions`; refuses regions of several partitions.
    /// No regions leave it as it is.
    @discardableResult
    func settle(forTargets regions: [String]) throws -> Partition {
        guard let partition = try Partition.common(to: regions), let first = Set(regions).sorted().first else {
            return try Partition.of(region: region)
        }
        let chosen = configured.flatMap { (try? Partition.of(region: $0)) == partition ? $0 : nil } ?? first
        lock.withLock { current = chosen }
        return partition
    }
}

/// The credential chain's STS calls (`role_arn` profiles, web identity), sent to the session's
/// home region as it stands when credentials are first resolved, after the targets settled it.
struct HomeRegionRoleAssumer: RoleAssuming {
    let home: HomeRegion
    let endpoints: EndpointResolver
    let policy: RequestPolicy
    let transport: QueryTransport

    private func assumer() throws -> STSRoleAssumer {
        STSRoleAssumer(endpoint: try endpoints.endpoint(for: .sts, region: home.region), policy: policy, transport: transport)
    }

    func assumeRole(
        roleArn: String, sessionName: String, externalId: String?, using credentials: AWSCredentials
    ) async throws -> AWSCredentials {
        try await assumer().assumeRole(
            roleArn: roleArn, sessionName: sessionName, externalId: externalId, using: credentials)
    }

    func assumeRoleWithWebIdentity(
        roleArn: String, sessionName: String, webIdentityToken: String
    ) async throws -> AWSCredentials {
        try await assumer().assumeRoleWithWebIdentity(
            roleArn: roleArn, sessionName: sessionName, webIdentityToken: webIdentityToken)
    }
}
