import Foundation

/// Credentials for the role in `AWS_ROLE_ARN`, assumed with the OIDC token in the file
/// `AWS_WEB_IDENTITY_TOKEN_FILE` (EKS service accounts, CI systems). The file is read on every
/// resolve because the platform rotates the token.
public struct WebIdentityCredentialProvider: CredentialProvider {
    public static let name = "web-identity"

    private struct Settings: Sendable {
        var tokenFile: String
        var roleArn: String
        var sessionName: String?
    }

    private let settings: Result<Settings, CredentialProviderError>
    private let roleAssumer: any RoleAssuming
    private let clock: any WallClock
    private let source: String

    /// From `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME`.
    public init(environment: [String: String], roleAssumer: any RoleAssuming, clock: any WallClock = SystemWallClock()) {
        if let tokenFile = environment.environmentValue("AWS_WEB_IDENTITY_TOKEN_FILE") {
            if let roleArn = environment.environmentValue("AWS_ROLE_ARN") {
                settings = .success(Settings(
                    tokenFile: tokenFile, roleArn: roleArn,
                    sessionName: environment.environmentValue("AWS_ROLE_SESSION_NAME")))
            } else {
                settings = .failure(.failed(Self.name, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not"))
            }
        } else {
            settings = .failure(.notConfigured(Self.name, "AWS_WEB_IDENTITY_TOKEN_FILE not set"))
        }
        self.roleAssumer = roleAssumer
        self.clock = clock
        self.source = Self.name
    }

    /// For a shared-config profile with `web_identity_token_file` and `role_arn`.
    public init(
        tokenFile: String, roleArn: String, sessionName: String?, roleAssumer: any RoleAssuming,
        clock: any WallClock = SystemWallClock(), source: String = WebIdentityCredentialProvider.name
    ) {
        self.settings = .success(Settings(tokenFile: tokenFile, roleArn: roleArn, sessionName: sessionName))
        self.roleAssumer = roleAssumer
        self.clock = clock
        self.source = source
    }

    public func resolve() async throws -> ResolvedCredentials {
        let settings = try settings.get()
        let token: String
        do {
            token = try String(contentsOfFile: settings.tokenFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw CredentialProviderError.failed(Self.name, "cannot read web identity token file \(settings.tokenFile)")
        }
        guard !token.isEmpty else {
            throw CredentialProviderError.failed(Self.name, "web identity token file \(settings.tokenFile) is empty")
        }
        do {
            let credentials = try await roleAssumer.assumeRoleWithWebIdentity(
                roleArn: settings.roleArn,
                sessionName: settings.sessionName ?? RoleSessionName.generated(at: clock.now()),
                webIdentityToken: token)
            return ResolvedCredentials(credentials: credentials, source: source)
        } catch {
            throw CredentialProviderError.failed(
                Self.name, "AssumeRoleWithWebIdentity for \(settings.roleArn) failed", underlying: error)
        }
    }
}

/// Session names for assumed roles when the configuration names none: what CloudTrail shows
/// as the caller, so it says rolesync and when.
enum RoleSessionName {
    static func generated(at now: Date) -> String {
        "rolesync-\(Int(now.timeIntervalSince1970))"
    }
}
