import AWSClient
import AsyncHTTPClient
import Foundation
import RoleSyncCore

/// The AWS side of one run: one HTTP transport, one request policy (retries and token buckets
/// shared by every call), the caller's credentials, and credentials for other accounts reached
/// by assuming the policy's role. Call `shutdown()` once at the end.
public final class AWSSession: Sendable {
    public let settings: AWSSettings
    /// Endpoint variant, proxies, CA bundle and metadata endpoint, as the environment and profile set them.
    public let connection: ConnectionSettings
    public let transport: QueryTransport
    public let policy: RequestPolicy
    public let endpoints: EndpointResolver
    /// The default credential chain (cached), or the caller's explicit provider.
    public let credentials: any CredentialProvider
    /// The region STS and IAM are called in; see `HomeRegion` for how it is chosen.
    public var homeRegion: String { home.region }
    /// The region the environment or the profile names, if any: the default target region.
    public let configuredRegion: String?
    private let home: HomeRegion
    private let metadataClient: HTTPClient
    /// Assumed-role credentials by role, kept for the session's life: a daemon's cycles reuse
    /// them until they near expiry instead of calling AssumeRole every cycle.
    /// Keyed by role, caller and STS endpoint (which moves with the targets' partition).
    private let assumedRoles = LockedValues<CachedCredentialProvider>()
    private let identities = LockedValues<CallerIdentity>()
    /// The organization's account listings, by the units asked for, each with when it was
    /// made: a daemon lists its organization every `listingLifetime`, not every cycle.
    let organizationListings = LockedValues<TimedListing<[OrganizationAccount]>>()
    /// How long an organization listing is used: an account joining, leaving or suspended is
    /// seen within five minutes.
    public static let listingLifetime = Duration.seconds(300)

    /// Checks every region it is given (flags, environment, profile) before any URL exists:
    /// a malformed or unknown region, or `--region` flags of two partitions, is an error here.
    public init(settings: AWSSettings, policy: RequestPolicy = RequestPolicy(), metrics: RequestMetrics? = nil) throws {
        let homeDirectory = URL(fileURLWithPath: settings.homeDirectory)
        let shared = try SharedConfiguration.load(environment: settings.environment, homeDirectory: homeDirectory)
        let profile = SharedConfiguration.selectedProfile(environment: settings.environment, explicit: settings.profile)
        let configuredRegion = settings.environmentRegion ?? shared.region(forProfile: profile)
        if let configuredRegion {
            let source = settings.environmentRegion != nil ? "AWS_REGION or AWS_DEFAULT_REGION" : "the profile's region"
            do { _ = try Partition.of(region: configuredRegion) } catch let error as RegionError {
                throw TargetError.invalidRegion(source: source, error)
            }
        }
        do { _ = try Partition.common(to: settings.regions) } catch let error as RegionError {
            throw TargetError.invalidRegion(source: "--region", error)
        }
        // FIPS and dual-stack endpoints, proxies, CA bundle and the metadata endpoint, from the
        // environment and the profile: a bad value stops the run here.
        let connection = try ConnectionSettings.resolve(
            environment: settings.environment, profile: shared.settings(forProfile: profile) ?? [:])
        // Identity calls with nothing naming a region go to us-east-1; targets are never
        // guessed (see `SessionTargetResolver`), and they move STS into their partition.
        let home = HomeRegion(configured: configuredRegion, fallback: "us-east-1")
        try home.settle(forTargets: settings.regions)
        let endpoints = EndpointResolver(
            explicitURL: settings.endpointURL, environment: settings.environment, variant: connection.endpointVariant)
        // Resolved before any client exists, so a bad endpoint URL, or a FIPS or dual-stack
        // endpoint the partition lacks, fails cleanly.
        try Self.checkEndpoints(endpoints, home: home.region, targets: settings.regions)
        self.settings = settings
        self.connection = connection
        self.policy = policy
        self.endpoints = endpoints
        self.home = home
        self.configuredRegion = configuredRegion
        self.transport = QueryTransport(
            configuration: TransportConfiguration(proxies: connection.proxies, caBundle: connection.caBundle), metrics: metrics)
        // The metadata endpoints are link-local or on the host: never through a proxy.
        var metadataConfiguration = HTTPClient.Configuration()
        // Off EC2 the metadata endpoints refuse or never answer: fail fast and move on.
        metadataConfiguration.connectionPool.retryConnectionEstablishment = false
        metadataConfiguration.redirectConfiguration = .disallow
        metadataConfiguration.timeout = .init(connect: .seconds(2), read: .seconds(5))
        self.metadataClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: metadataConfiguration)
        let assumer = HomeRegionRoleAssumer(home: home, endpoints: endpoints, policy: policy, transport: transport)
        self.credentials = DefaultCredentialChain(
            environment: settings.environment, homeDirectory: homeDirectory, profile: settings.profile,
            httpClient: metadataClient, roleAssumer: assumer, instanceMetadataEndpoint: connection.instanceMetadataEndpoint)
    }

    /// STS and IAM in the home region and EC2 and Auto Scaling in every target region resolve.
    static func checkEndpoints(_ endpoints: EndpointResolver, home: String, targets: [String]) throws {
        _ = try endpoints.endpoint(for: .sts, region: home)
        _ = try endpoints.endpoint(for: .iam, region: home)
        for region in Set(targets).sorted() {
            _ = try endpoints.endpoint(for: .ec2, region: region)
            _ = try endpoints.endpoint(for: .autoscaling, region: region)
        }
    }

    /// Moves STS and IAM into the partition of `regions` (refusing regions of several) and
    /// returns that partition. Called with a run's target regions before its first AWS call.
    @discardableResult
    public func settleHomeRegion(forTargets regions: [String]) throws -> Partition {
        let partition = try home.settle(forTargets: regions)
        try Self.checkEndpoints(endpoints, home: home.region, targets: regions)
        return partition
    }

    public func shutdown() async {
        try? await transport.shutdown()
        try? await metadataClient.shutdown()
    }

    /// Who the default credentials belong to, and where they came from. Asked of STS once per
    /// session and home region: the account behind the credentials does not change while the
    /// daemon runs, so its cycles make no STS call for it.
    public func callerIdentity() async throws -> CallerIdentity {
        let region = homeRegion
        if let known = identities.value(for: region) { return known }
        let identity = try await whoAmI(
            credentials: credentials, region: region, endpoints: endpoints, transport: transport, policy: policy)
        identities.set(identity, for: region)
        return identity
    }

    /// Credentials for `account`: the caller's own, or a cached AssumeRole of its `roleArn`.
    public func credentials(for account: AccountTarget, callerAccount: String) throws -> any CredentialProvider {
        guard let roleArn = account.roleArn else {
            // Without a role to assume, only the caller's own account can be reached; reading
            // it under another account's id would apply that account's assignments here.
            guard account.id == callerAccount else { throw TargetError.unreachableAccount(account.id, caller: callerAccount) }
            return credentials
        }
        let endpoint = try endpoints.endpoint(for: .sts, region: homeRegion)
        return assumedRoles.value(for: [roleArn, callerAccount, endpoint.url.absoluteString].joined(separator: " ")) {
            let sts = STSClient(
                endpoint: endpoint, credentials: credentials, policy: policy, account: callerAccount, transport: transport)
            return CachedCredentialProvider(wrapping: AssumedRoleProvider(sts: sts, roleArn: roleArn))
        }
    }

    public func ec2(_ target: Target, credentials: any CredentialProvider) throws -> EC2Client {
        EC2Client(
            region: target.region, endpoint: try endpoints.endpoint(for: .ec2, region: target.region),
            credentials: credentials, policy: policy, account: target.account, transport: transport)
    }

    public func autoScaling(_ target: Target, credentials: any CredentialProvider) throws -> AutoScalingClient {
        AutoScalingClient(
            region: target.region, endpoint: try endpoints.endpoint(for: .autoscaling, region: target.region),
            credentials: credentials, policy: policy, account: target.account, transport: transport)
    }

    public func iam(account: String, credentials: any CredentialProvider) throws -> IAMClient {
        IAMClient(
            endpoint: try endpoints.endpoint(for: .iam, region: homeRegion), credentials: credentials,
            policy: policy, account: account, transport: transport)
    }
}

/// Values by key behind a lock, kept for a `Sendable` session's life.
/// A listing and when it was made.
struct TimedListing<Value: Sendable>: Sendable {
    var value: Value
    var madeAt: ContinuousClock.Instant

    func isFresh(for lifetime: Duration) -> Bool { ContinuousClock.now - madeAt < lifetime }
}

final class LockedValues<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    func value(for key: String) -> Value? { lock.withLock { values[key] } }
    func set(_ value: Value, for key: String) { lock.withLock { values[key] = value } }

    /// The value for `key`, made by `make` the first time (under the lock, so only once).
    func value(for key: String, orMake make: () -> Value) -> Value {
        lock.withLock {
            if let value = values[key] { return value }
            let value = make()
            values[key] = value
            return value
        }
    }
}

/// Temporary credentials of another account's role, asked of STS with the caller's keys.
struct AssumedRoleProvider: CredentialProvider {
    var sts: STSClient
    var roleArn: String

    func resolve() async throws -> ResolvedCredentials {
        let credentials = try await sts.assumeRole(roleArn: roleArn, sessionName: "rolesync", externalId: nil)
        return ResolvedCredentials(credentials: credentials, source: "assume-role:\(roleArn)")
    }
}

/// Targets that cannot be read as the policy asks.
public enum TargetError: Error, Sendable, CustomStringConvertible {
    case unreachableAccount(String, caller: String)
    case noRegion
    /// A region from `source` (a flag, the environment, the profile, the policy) that cannot be used.
    case invalidRegion(source: String, RegionError)
    /// An account's `roleArn` in another partition than the targets.
    case roleInOtherPartition(account: String, roleArn: String, partition: Partition)
    /// AWS Organizations would not list the accounts to the caller.
    case organizationUnreadable(caller: String, any Error)
    /// The organization form selects no ACTIVE account: nothing to reconcile is never a success.
    case noOrganizationAccount(listed: Int, excluded: Int)

    public var description: String {
        switch self {
        case .unreachableAccount(let account, let caller):
            "the policy lists account \(account) without a roleArn, but the credentials belong to \(caller): add the roleArn to assume in \(account)"
        case .noRegion:
            "no region: pass --region, list regions in the ReconcilePolicy, or set AWS_REGION"
        case .invalidRegion(let source, let error):
            "\(source): \(error)"
        case .roleInOtherPartition(let account, let roleArn, let partition):
            "account \(account): roleArn \(roleArn) is not in partition \(partition.id) of the target regions: use \(partition.iamArn(account: account, resource: "role/…"))"
        case .organizationUnreadable(let caller, let error):
            "the policy's accounts are its organization's, but AWS Organizations did not list them to account \(caller) "
                + "(run from the management account or a delegated administrator, with organizations:ListAccounts, "
                + "ListAccountsForParent and ListOrganizationalUnitsForParent): \(error)"
        case .noOrganizationAccount(let listed, let excluded):
            "the policy's organization form selects no ACTIVE account (\(listed) listed, \(excluded) excluded): nothing to reconcile"
        }
    }
}
