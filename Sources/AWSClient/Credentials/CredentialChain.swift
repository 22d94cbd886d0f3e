/// Tries providers in order; the first that yields credentials wins and is asked alone from
/// then on, so a refresh never silently switches identity.
///
/// A provider that is not set up here (`CredentialProviderError.notConfigured`) passes to the
/// next; any other failure ends the search. Either way the error lists each provider asked.
public actor CredentialChain: CredentialProvider {
    public struct Link: Sendable {
        public var name: String
        public var provider: any CredentialProvider

        public init(name: String, provider: any CredentialProvider) {
            self.name = name
            self.provider = provider
        }
    }

    public let links: [Link]
    private var winner: Link?

    public init(_ links: [Link]) {
        self.links = links
    }

    /// The name of the provider that yielded credentials, once one has.
    public var chosenProvider: String? { winner?.name }

    public func resolve() async throws -> ResolvedCredentials {
        if let winner { return try await winner.provider.resolve() }
        var attempts: [CredentialProviderAttempt] = []
        for link in links {
            do {
                let resolved = try await link.provider.resolve()
                winner = link
                return resolved
            } catch let error as CredentialProviderError where error.kind == .notConfigured {
                attempts.append(CredentialProviderAttempt(provider: link.name, reason: error.reason, stoppedChain: false))
            } catch let error as CredentialProviderError {
                let reason = error.underlying.map { "\(error.reason): \($0)" } ?? error.reason
                attempts.append(CredentialProviderAttempt(provider: link.name, reason: reason, stoppedChain: true))
                throw CredentialsNotFound(attempts: attempts)
            } catch {
                attempts.append(CredentialProviderAttempt(provider: link.name, reason: "\(error)", stoppedChain: true))
                throw CredentialsNotFound(attempts: attempts)
            }
        }
        throw CredentialsNotFound(attempts: attempts)
    }
}
