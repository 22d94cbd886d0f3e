import AsyncHTTPClient
import Foundation
import NIOCore

/// Credentials from the container credentials endpoint of ECS (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// against 169.254.170.2) or of EKS Pod Identity and others (`AWS_CONTAINER_CREDENTIALS_FULL_URI`),
/// sending `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`'s or `AWS_CONTAINER_AUTHORIZATION_TOKEN`'s
/// token as the Authorization header.
public struct ContainerCredentialProvider: CredentialProvider {
    public static let name = "container"
    public static let ecsEndpoint = "http://169.254.170.2"
    /// Hosts a full URI may name over plain HTTP (the SDKs' list): loopback and the ECS and EKS
    /// link-local addresses. Anything else must use HTTPS, or the token would travel in clear.
    static let plainHTTPHosts: Set<String> = ["localhost", "169.254.170.2", "169.254.170.23", "fd00:ec2::23", "::1"]

    private let environment: [String: String]
    private let client: MetadataEndpointClient
    /// Tries per resolve and the pause between them: 3 and 1 s, as botocore's container fetcher.
    private let attempts: Int
    private let pause: Duration
    private let sleeper: any Sleeper

    public init(
        environment: [String: String], httpClient: HTTPClient, timeout: TimeAmount = .seconds(2),
        attempts: Int = 3, pause: Duration = .seconds(1), sleeper: any Sleeper = ContinuousSleeper()
    ) {
        self.environment = environment
        self.client = MetadataEndpointClient(httpClient: httpClient, timeout: timeout)
        self.attempts = max(1, attempts)
        self.pause = pause
        self.sleeper = sleeper
    }

    /// A refused connection, a timeout, a 5xx or a malformed document is tried again (the agent
    /// serving the endpoint may be starting); a 4xx answer is final, since the token is wrong.
    public func resolve() async throws -> ResolvedCredentials {
        let url = try endpointURL()
        var headers: [(String, String)] = []
        if let token = try authorizationToken() { headers.append(("Authorization", token)) }
        var attempt = 1
        while true {
            do {
                return try await fetch(url, headers: headers)
            } catch is RetryableFetch where attempt < attempts {
                attempt += 1
                try await sleeper.sleep(for: pause)
            } catch let failure as RetryableFetch {
                throw failure.error
            }
        }
    }

    /// A failure worth another try, carrying the error to throw when the tries are spent.
    private struct RetryableFetch: Error {
        var error: CredentialProviderError
    }

    private func fetch(_ url: String, headers: [(String, String)]) async throws -> ResolvedCredentials {
        let response: MetadataEndpointResponse
        do {
            response = try await client.send(.GET, url, headers: headers)
        } catch {
            throw RetryableFetch(error: CredentialProviderError.failed(Self.name, "no answer from \(url)", underlying: error))
        }
        let failure = CredentialProviderError.failed(Self.name, "\(url) answered HTTP \(response.status)")
        if (400..<500).contains(response.status) { throw failure }
        guard response.status == 200 else { throw RetryableFetch(error: failure) }
        do {
            let credentials = try MetadataCredentialsDocument.credentials(from: response.body, provider: Self.name)
            return ResolvedCredentials(credentials: credentials, source: Self.name)
        } catch let error as CredentialProviderError {
            throw RetryableFetch(error: error)
        }
    }

    func endpointURL() throws -> String {
        if let relative = environment.environmentValue("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            return Self.ecsEndpoint + (relative.hasPrefix("/") ? relative : "/" + relative)
        }
        guard let full = environment.environmentValue("AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
            throw CredentialProviderError.notConfigured(
                Self.name, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI not set")
        }
        guard let components = URLComponents(string: full), let host = components.host else {
            throw CredentialProviderError.failed(Self.name, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL")
        }
        let bareHost = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let isLoopback = Self.isLoopbackIPv4Literal(bareHost) || Self.plainHTTPHosts.contains(bareHost)
        guard components.scheme == "https" || (components.scheme == "http" && isLoopback) else {
            throw CredentialProviderError.failed(
                Self.name, "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https unless it names a loopback or container host")
        }
        return full
    }

    /// The token file wins over the variable: platforms rotate the file.
    func authorizationToken() throws -> String? {
        var token = environment.environmentValue("AWS_CONTAINER_AUTHORIZATION_TOKEN")
        if let file = environment.environmentValue("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            do {
                token = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw CredentialProviderError.failed(Self.name, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)")
            }
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw CredentialProviderError.failed(Self.name, "the container authorization token contains a line break")
        }
        return token
    }

    /// `127.x.y.z` as an IP address literal only: `127.attacker.example` is a name, and the
    /// authorization token must not travel to it in clear.
    public static func isLoopbackIPv4Literal(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part) != nil && part.allSatisfy(\.isNumber) }
    }
}
