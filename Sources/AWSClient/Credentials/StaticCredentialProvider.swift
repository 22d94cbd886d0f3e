/// Credentials given up front: keys passed on the command line or in tests, or session
/// credentials already obtained. Never refreshes.
public struct StaticCredentialProvider: CredentialProvider {
    public let credentials: AWSCredentials
    public let source: String

    public init(_ credentials: AWSCredentials, source: String = "static") {
        self.credentials = credentials
        self.source = source
    }

    public func resolve() async throws -> ResolvedCredentials {
        ResolvedCredentials(credentials: credentials, source: source)
    }
}
