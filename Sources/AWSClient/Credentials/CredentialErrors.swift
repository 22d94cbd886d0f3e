import Foundation

/// Why a provider produced no credentials. `notConfigured` lets the chain try the next
/// provider; `failed` stops it, because a provider the user set up that fails must not be
/// papered over by acting as some other identity (the SDKs raise in the same cases).
///
/// Messages name variables, files and profiles, never a key or token.
public struct CredentialProviderError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notConfigured
        case failed
    }

    /// The provider's name in the chain: `environment`, `web-identity`, `shared-config`,
    /// `container`, `imds`.
    public var provider: String
    public var kind: Kind
    public var reason: String
    public var underlying: (any Error)?

    public init(provider: String, kind: Kind, reason: String, underlying: (any Error)? = nil) {
        self.provider = provider
        self.kind = kind
        self.reason = reason
        self.underlying = underlying
    }

    public static func notConfigured(_ provider: String, _ reason: String) -> Self {
        Self(provider: provider, kind: .notConfigured, reason: reason)
    }

    public static func failed(_ provider: String, _ reason: String, underlying: (any Error)? = nil) -> Self {
        Self(provider: provider, kind: .failed, reason: reason, underlying: underlying)
    }

    public var description: String {
        guard let underlying else { return "\(provider): \(reason)" }
        return "\(provider): \(reason): \(underlying)"
    }
}

/// One provider's answer when the chain asked it.
public struct CredentialProviderAttempt: Sendable, CustomStringConvertible {
    public var provider: String
    public var reason: String
    /// Whether this provider was set up but failed, which ended the search.
    public var stoppedChain: Bool

    public var description: String { "\(provider): \(reason)" }
}

/// No provider of the chain produced credentials. Lists each provider asked and its answer.
public struct CredentialsNotFound: Error, Sendable, CustomStringConvertible {
    public var attempts: [CredentialProviderAttempt]

    public init(attempts: [CredentialProviderAttempt]) {
        self.attempts = attempts
    }

    public var description: String {
        let tried = attempts.map(\.description).joined(separator: "; ")
        if attempts.last?.stoppedChain == true {
            return "AWS credentials could not be loaded: \(tried)"
        }
        return "no AWS credentials found: \(tried)"
    }
}

extension Dictionary where Key == String, Value == String {
    /// The value of an environment variable, treating an empty value as unset like the SDKs do.
    func environmentValue(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }
}
