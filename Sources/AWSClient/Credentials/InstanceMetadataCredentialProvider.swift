import AsyncHTTPClient
import Foundation
import NIOCore

/// The instance role's credentials from the EC2 instance metadata service, IMDSv2 only: a
/// session token first (`PUT /latest/api/token`), then the role name and its credentials.
/// IMDSv1 is not used: it is what SSRF attacks on instances steal credentials through.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public static let name = "imds"
    public static let defaultEndpoint = "http://169.254.169.254"
    /// The endpoint in IPv6 mode (`AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`).
    public static let defaultIPv6Endpoint = "http://[fd00:ec2::254]"
    static let tokenTTLSeconds = "21600"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    private let environment: [String: String]
    private let client: MetadataEndpointClient
    private let configuredEndpoint: Result<String, SettingError>

    /// - Parameters:
    ///   - timeout: per request; one second, as botocore uses, keeps the chain quick off EC2.
    ///   - endpoint: the base URL as `ConnectionSettings` resolved it (profile keys included);
    ///     nil reads `AWS_EC2_METADATA_SERVICE_ENDPOINT` and `_MODE` from `environment`.
    public init(
        environment: [String: String], httpClient: HTTPClient, timeout: TimeAmount = .seconds(1), endpoint: String? = nil
    ) {
        self.environment = environment
        self.client = MetadataEndpointClient(httpClient: httpClient, timeout: timeout)
        if let endpoint {
            configuredEndpoint = .success(endpoint)
        } else {
            configuredEndpoint = Result { () throws(SettingError) in
                try ConnectionSettings.instanceMetadataEndpoint(SettingLookup(environment: environment, profile: [:]))
            }
        }
    }

    /// Whether `AWS_EC2_METADATA_DISABLED=true` turns the service off.
    public var isDisabled: Bool {
        environment.environmentValue("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true"
    }

    /// The explicit endpoint, else the link-local address of the mode (IPv4 or IPv6), without a
    /// trailing slash; a bad setting throws.
    public func endpoint() throws -> String {
        do {
            return try configuredEndpoint.get()
        } catch {
            throw CredentialProviderError.failed(Self.name, "\(error)")
        }
    }

    public func resolve() async throws -> ResolvedCredentials {
        guard !isDisabled else {
            throw CredentialProviderError.notConfigured(Self.name, "AWS_EC2_METADATA_DISABLED=true")
        }
        let endpoint = try self.endpoint()
        let token = try await sessionToken(endpoint)
        let tokenHeader = [("x-aws-ec2-metadata-token", token)]
        let roles = try await get(endpoint, Self.credentialsPath, headers: tokenHeader, notFound: "no IAM role attached to this instance")
        guard let role = roles.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            throw CredentialProviderError.notConfigured(Self.name, "no IAM role attached to this instance")
        }
        let document = try await get(
            endpoint, Self.credentialsPath + role, headers: tokenHeader, notFound: "role \(role) has no credentials")
        let credentials = try MetadataCredentialsDocument.credentials(from: document, provider: Self.name)
        return ResolvedCredentials(credentials: credentials, source: Self.name)
    }

    /// An unreachable service means "not on EC2": the chain's last provider has nothing to offer.
    private func sessionToken(_ endpoint: String) async throws -> String {
        let response: MetadataEndpointResponse
        do {
            response = try await client.send(
                .PUT, endpoint + "/latest/api/token",
                headers: [("x-aws-ec2-metadata-token-ttl-seconds", Self.tokenTTLSeconds)])
        } catch let error as HTTPClientError where Self.isTimeout(error) {
            // The service took the connection but its answer never came: what a container on
            // EC2 sees when the instance's IMDSv2 hop limit is 1 (the answer dies one hop short).
            throw CredentialProviderError.notConfigured(
                Self.name, "the instance metadata token request to \(endpoint) timed out (\(error)); in a container on EC2 this is "
                    + "usually the IMDSv2 hop limit of 1: raise it to 2 with `aws ec2 modify-instance-metadata-options "
                    + "--instance-id ID --http-put-response-hop-limit 2`")
        } catch {
            throw CredentialProviderError.notConfigured(
                Self.name, "no instance metadata service at \(endpoint) (\(error))")
        }
        guard response.status == 200, !response.body.isEmpty else {
            throw CredentialProviderError.failed(
                Self.name, "instance metadata token request answered HTTP \(response.status)")
        }
        return response.body
    }

    static func isTimeout(_ error: HTTPClientError) -> Bool {
        [HTTPClientError.deadlineExceeded, .readTimeout, .writeTimeout].contains(error)
    }

    private func get(_ endpoint: String, _ path: String, headers: [(String, String)], notFound: String) async throws -> String {
        let response: MetadataEndpointResponse
        do {
            response = try await client.send(.GET, endpoint + path, headers: headers)
        } catch {
            throw CredentialProviderError.failed(Self.name, "no answer from \(endpoint)\(path)", underlying: error)
        }
        if response.status == 404 { throw CredentialProviderError.notConfigured(Self.name, notFound) }
        guard response.status == 200 else {
            throw CredentialProviderError.failed(Self.name, "\(endpoint)\(path) answered HTTP \(response.status)")
        }
        return response.body.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
