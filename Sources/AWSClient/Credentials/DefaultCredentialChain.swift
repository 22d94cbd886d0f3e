import AsyncHTTPClient
import Foundation

/// The SDKs' default credential chain (AWS-NOTES: credentials), cached and refreshed ahead of
/// expiry: environment, web identity, shared files, container endpoint, instance metadata.
///
/// Everything it reads comes in through the initialiser; it never consults the process
/// environment itself (STYLE 11).
public struct DefaultCredentialChain: CredentialProvider {
    /// The chain itself, to inspect which providers it has and which one won.
    public let chain: CredentialChain
    /// The cache in front of the chain.
    public let cache: CachedCredentialProvider

    /// - Parameters:
    ///   - environment: the process environment (or a test's dictionary).
    ///   - homeDirectory: where `~/.aws` is.
    ///   - profile: the profile named on the command line; nil uses `AWS_PROFILE` or `default`.
    ///   - httpClient: used for the container and instance metadata endpoints; the caller owns it
    ///     and shuts it down.
    ///   - roleAssumer: STS, for web identity and `role_arn` profiles.
    ///   - clock: decides when cached credentials are due for refresh.
    ///   - instanceMetadataEndpoint: the IMDS base URL `ConnectionSettings` resolved; nil reads
    ///     it from `environment` alone.
    public init(
        environment: [String: String], homeDirectory: URL, profile: String? = nil, httpClient: HTTPClient,
        roleAssumer: any RoleAssuming, clock: any WallClock = SystemWallClock(), refreshAhead: Duration = .seconds(300),
        instanceMetadataEndpoint: String? = nil
    ) {
        chain = CredentialChain([
            .init(name: EnvironmentCredentialProvider.name, provider: EnvironmentCredentialProvider(environment: environment)),
            .init(
                name: WebIdentityCredentialProvider.name,
                provider: WebIdentityCredentialProvider(environment: environment, roleAssumer: roleAssumer, clock: clock)),
            .init(
                name: SharedConfigCredentialProvider.name,
                provider: SharedConfigCredentialProvider(
                    environment: environment, homeDirectory: homeDirectory, profile: profile,
                    roleAssumer: roleAssumer, httpClient: httpClient, clock: clock,
                    instanceMetadataEndpoint: instanceMetadataEndpoint)),
            .init(
                name: ContainerCredentialProvider.name,
                provider: ContainerCredentialProvider(environment: environment, httpClient: httpClient)),
            .init(
                name: InstanceMetadataCredentialProvider.name,
                provider: InstanceMetadataCredentialProvider(
                    environment: environment, httpClient: httpClient, endpoint: instanceMetadataEndpoint)),
        ])
        cache = CachedCredentialProvider(wrapping: chain, clock: clock, refreshAhead: refreshAhead)
    }

    public func resolve() async throws -> ResolvedCredentials {
        try await cache.resolve()
    }
}
