import Foundation

/// Both shared files of the SDKs, loaded from where the environment says, and the questions
/// asked of them: a profile's settings and its region.
public struct SharedConfiguration: Sendable, Equatable {
    public var credentials: SharedConfigFile
    public var config: SharedConfigFile
    /// The files' paths as shown in messages, with the home directory written as `~`.
    public var credentialsPathForDisplay: String
    public var configPathForDisplay: String

    public init(
        credentials: SharedConfigFile, config: SharedConfigFile,
        credentialsPathForDisplay: String = "~/.aws/credentials", configPathForDisplay: String = "~/.aws/config"
    ) {
        self.credentials = credentials
        self.config = config
        self.credentialsPathForDisplay = credentialsPathForDisplay
        self.configPathForDisplay = configPathForDisplay
    }

    /// Reads `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`) and `AWS_CONFIG_FILE`
    /// (default `~/.aws/config`). A missing file counts as empty; an unreadable one throws.
    public static func load(environment: [String: String], homeDirectory: URL) throws -> SharedConfiguration {
        let home = homeDirectory.standardizedFileURL.path
        let credentialsPath = expand(
            environment.environmentValue("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials", home: home)
        let configPath = expand(environment.environmentValue("AWS_CONFIG_FILE") ?? "~/.aws/config", home: home)
        return SharedConfiguration(
            credentials: .parse(try readIfPresent(credentialsPath), kind: .credentials),
            config: .parse(try readIfPresent(configPath), kind: .config),
            credentialsPathForDisplay: display(credentialsPath, home: home),
            configPathForDisplay: display(configPath, home: home))
    }

    /// The profile the SDKs would use: the one named explicitly, else `AWS_PROFILE`, else `default`.
    public static func selectedProfile(environment: [String: String], explicit: String?) -> String {
        explicit ?? environment.environmentValue("AWS_PROFILE") ?? "default"
    }

    /// The region the SDKs would use: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
    public static func region(
        environment: [String: String], homeDirectory: URL, profile: String? = nil
    ) throws -> String? {
        if let region = environment.environmentValue("AWS_REGION") ?? environment.environmentValue("AWS_DEFAULT_REGION") {
            return region
        }
        let profile = selectedProfile(environment: environment, explicit: profile)
        return try load(environment: environment, homeDirectory: homeDirectory).region(forProfile: profile)
    }

    /// A profile's settings from both files, the credentials file winning for keys in both (as
    /// the AWS CLI documents); nil when neither file has the profile.
    public func settings(forProfile name: String) -> [String: String]? {
        let fromConfig = config.profiles[name]
        let fromCredentials = credentials.profiles[name]
        guard fromConfig != nil || fromCredentials != nil else { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentialsValue in credentialsValue }
    }

    /// The `region` configured for a profile, if any.
    public func region(forProfile name: String) -> String? {
        guard let region = settings(forProfile: name)?["region"], !region.isEmpty else { return nil }
        return region
    }

    private static func expand(_ path: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    private static func display(_ path: String, home: String) -> String {
        guard !home.isEmpty, home != "/", path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }

    private static func readIfPresent(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { return "" }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CredentialProviderError.failed("shared-config", "cannot read \(path)")
        }
    }
}
