import AsyncHTTPClient
import Foundation

/// Credentials of a profile in the shared files: static keys, or a role assumed with the keys
/// of a `source_profile` (chained, cycles refused) or of a `credential_source`.
///
/// A profile's `role_arn` wins over keys in the same profile, as in botocore's chain. A profile
/// named explicitly (argument or `AWS_PROFILE`) that does not exist stops the chain instead of
/// falling through to another identity, as the SDKs do.
public struct SharedConfigCredentialProvider: CredentialProvider {
    public static let name = "shared-config"

    public let profileName: String
    private let profileWasNamed: Bool
    private let environment: [String: String]
    private let homeDirectory: URL
    private let roleAssumer: any RoleAssuming
    private let httpClient: HTTPClient
    private let clock: any WallClock
    private let instanceMetadataEndpoint: String?

    public init(
        environment: [String: String], homeDirectory: URL, profile: String? = nil,
        roleAssumer: any RoleAssuming, httpClient: HTTPClient, clock: any WallClock = SystemWallClock(),
        instanceMetadataEndpoint: String? = nil
    ) {
        self.profileName = SharedConfiguration.selectedProfile(environment: environment, explicit: profile)
        self.profileWasNamed = profile != nil || environment.environmentValue("AWS_PROFILE") != nil
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.roleAssumer = roleAssumer
        self.httpClient = httpClient
        self.clock = clock
        self.instanceMetadataEndpoint = instanceMetadataEndpoint
    }

    /// The `region` configured for the profile, if any.
    public func region() throws -> String? {
        try SharedConfiguration.load(environment: environment, homeDirectory: homeDirectory)
            .region(forProfile: profileName)
    }

    public func resolve() async throws -> ResolvedCredentials {
        let configuration = try SharedConfiguration.load(environment: environment, homeDirectory: homeDirectory)
        guard configuration.settings(forProfile: profileName) != nil else {
            let reason = "profile \"\(profileName)\" not found in \(configuration.credentialsPathForDisplay) or \(configuration.configPathForDisplay)"
            throw profileWasNamed
                ? CredentialProviderError.failed(Self.name, reason)
                : CredentialProviderError.notConfigured(Self.name, reason)
        }
        return try await credentials(forProfile: profileName, in: configuration, via: [])
    }

    /// Resolves `name`, where `path` lists the profiles whose `source_profile` led here.
    private func credentials(
        forProfile name: String, in configuration: SharedConfiguration, via path: [String]
    ) async throws -> ResolvedCredentials {
        guard let settings = configuration.settings(forProfile: name) else {
            throw CredentialProviderError.failed(
                Self.name, "source_profile \"\(name)\" of profile \"\(path.last ?? name)\" not found")
        }
        guard let roleArn = settings["role_arn"] else {
            return ResolvedCredentials(credentials: try staticKeys(of: name, settings), source: "\(Self.name):\(name)")
        }
        let sessionName = settings["role_session_name"] ?? RoleSessionName.generated(at: clock.now())
        if let tokenFile = settings["web_identity_token_file"] {
            let provider = WebIdentityCredentialProvider(
                tokenFile: tokenFile, roleArn: roleArn, sessionName: sessionName, roleAssumer: roleAssumer,
                clock: clock, source: "assume-role:\(name)")
            return try await provider.resolve()
        }
        let sourceCredentials = try await sourceCredentials(of: name, settings, in: configuration, via: path)
        do {
            let assumed = try await roleAssumer.assumeRole(
                roleArn: roleArn, sessionName: sessionName, externalId: settings["external_id"],
                using: sourceCredentials)
            return ResolvedCredentials(credentials: assumed, source: "assume-role:\(name)")
        } catch {
            throw CredentialProviderError.failed(
                Self.name, "AssumeRole into \(roleArn) for profile \"\(name)\" failed", underlying: error)
        }
    }

    /// The credentials a role profile assumes its role with.
    private func sourceCredentials(
        of name: String, _ settings: [String: String], in configuration: SharedConfiguration, via path: [String]
    ) async throws -> AWSCredentials {
        switch (settings["source_profile"], settings["credential_source"]) {
        case (.some, .some):
            throw CredentialProviderError.failed(
                Self.name, "profile \"\(name)\" sets both source_profile and credential_source")
        case (nil, nil):
            throw CredentialProviderError.failed(
                Self.name, "profile \"\(name)\" has role_arn but neither source_profile nor credential_source")
        case (let source?, nil):
            // A profile may name itself as source: its own keys then assume its role.
            guard !path.contains(source) else {
                let cycle = (path + [name, source]).map { "\"\($0)\"" }.joined(separator: " -> ")
                throw CredentialProviderError.failed(Self.name, "source_profile cycle: \(cycle)")
            }
            do {
                if source == name { return try staticKeys(of: name, settings) }
                return try await credentials(forProfile: source, in: configuration, via: path + [name]).credentials
            } catch let error as CredentialProviderError where error.kind == .notConfigured {
                // Inside a role profile a source without keys is a broken setup, not an absent one.
                throw CredentialProviderError.failed(Self.name, error.reason)
            }
        case (nil, let credentialSource?):
            return try await credentials(fromCredentialSource: credentialSource, profile: name)
        }
    }

    private func credentials(fromCredentialSource source: String, profile: String) async throws -> AWSCredentials {
        let provider: any CredentialProvider
        switch source {
        case "Environment": provider = EnvironmentCredentialProvider(environment: environment)
        case "Ec2InstanceMetadata": provider = InstanceMetadataCredentialProvider(
            environment: environment, httpClient: httpClient, endpoint: instanceMetadataEndpoint)
        case "EcsContainer": provider = ContainerCredentialProvider(environment: environment, httpClient: httpClient)
        default:
            throw CredentialProviderError.failed(
                Self.name, "profile \"\(profile)\" has unknown credential_source \(source) (Environment, Ec2InstanceMetadata, EcsContainer)")
        }
        do {
            return try await provider.resolve().credentials
        } catch {
            throw CredentialProviderError.failed(
                Self.name, "credential_source \(source) of profile \"\(profile)\" gave no credentials", underlying: error)
        }
    }

    private func staticKeys(of name: String, _ settings: [String: String]) throws -> AWSCredentials {
        switch (settings["aws_access_key_id"], settings["aws_secret_access_key"]) {
        case (let keyId?, let secret?) where !keyId.isEmpty && !secret.isEmpty:
            let token = settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token)
        case (nil, nil):
            throw CredentialProviderError.notConfigured(Self.name, "profile \"\(name)\" has no credentials")
        default:
            throw CredentialProviderError.failed(
                Self.name, "profile \"\(name)\" needs both aws_access_key_id and aws_secret_access_key")
        }
    }
}
