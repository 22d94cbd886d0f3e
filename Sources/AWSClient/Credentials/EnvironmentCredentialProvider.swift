/// Keys from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, first in
/// the SDKs' default chain.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public static let name = "environment"
    private let environment: [String: String]

    /// - Parameter environment: the process environment, passed in rather than read here.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    public func resolve() async throws -> ResolvedCredentials {
        ResolvedCredentials(credentials: try credentials(), source: Self.name)
    }

    /// The keys, or why there are none.
    public func credentials() throws -> AWSCredentials {
        guard let accessKeyId = environment.environmentValue("AWS_ACCESS_KEY_ID") else {
            throw CredentialProviderError.notConfigured(Self.name, "AWS_ACCESS_KEY_ID not set")
        }
        guard let secret = environment.environmentValue("AWS_SECRET_ACCESS_KEY") else {
            throw CredentialProviderError.failed(
                Self.name, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        return AWSCredentials(
            accessKeyId: accessKeyId, secretAccessKey: secret,
            sessionToken: environment.environmentValue("AWS_SESSION_TOKEN"))
    }
}
