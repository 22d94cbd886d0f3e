import Foundation
import GitStore
import RoleSyncCore

/// Where the desired state is read from.
public struct RepositorySettings: Sendable, Hashable {
    /// A local path or a remote URL.
    public var location: String
    public var ref: String
    /// Only manifests under this folder are read.
    public var path: String?
    /// Read the working tree instead of a commit.
    public var worktree: Bool
    /// Where clones of remote repositories are kept.
    public var cacheDirectory: URL
    /// How much one read of the manifests may take in (1 MiB per file, 16 MiB in all by default).
    public var readLimits: ReadLimits = .default
    /// Credentials and trusted SSH host keys for a remote repository.
    public var access: GitAccess

    public init(
        location: String = ".", ref: String = "HEAD", path: String? = nil, worktree: Bool = false,
        cacheDirectory: URL, access: GitAccess = .anonymous
    ) {
        self.access = access
        self.location = location
        self.ref = ref
        self.path = path
        self.worktree = worktree
        self.cacheDirectory = cacheDirectory
    }

    /// The repository's name for the files kept about it (journal, spool, lock): its address
    /// without any secret, so a rotated token keeps the same files and no file name hides one.
    public var identity: String {
        RemoteAddress(parsing: location)?.url ?? location
    }

    /// `$XDG_CACHE_HOME/rolesync` or `<home>/.cache/rolesync`.
    public static func defaultCacheDirectory(environment: [String: String], homeDirectory: String) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("rolesync")
        }
        return URL(fileURLWithPath: homeDirectory).appendingPathComponent(".cache/rolesync")
    }
}

/// How AWS is reached. Flags win over the environment, as in the AWS SDKs.
public struct AWSSettings: Sendable, Hashable {
    /// `--region` flags; when empty, the policy's regions, then `AWS_REGION`/`AWS_DEFAULT_REGION`.
    public var regions: [String]
    public var profile: String?
    public var endpointURL: String?
    /// The process environment, passed in once so nothing deeper reads it.
    public var environment: [String: String]
    public var homeDirectory: String

    public init(
        regions: [String] = [], profile: String? = nil, endpointURL: String? = nil,
        environment: [String: String], homeDirectory: String
    ) {
        self.regions = regions
        self.profile = profile
        self.endpointURL = endpointURL
        self.environment = environment
        self.homeDirectory = homeDirectory
    }

    /// The region from the environment, used for STS and when neither flags nor policy name one.
    public var environmentRegion: String? {
        environment["AWS_REGION"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["AWS_DEFAULT_REGION"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Everything one reconcile needs to know, built once by the command line.
public struct ReconcileSettings: Sendable, Hashable {
    public var repository: RepositorySettings
    public var aws: AWSSettings
    /// Overrides the policy's `maxChanges` for this run.
    public var maxChanges: Int?
    public var decisionsBranch: String
    /// How many actions of one target and EC2 bucket run at once; the rate limiter still
    /// paces them per bucket.
    public var concurrency: Int
    /// What the desired revision must prove before anything is changed.
    public var trust: TrustSettings

    public init(
        repository: RepositorySettings, aws: AWSSettings,
        maxChanges: Int? = nil, decisionsBranch: String = "rolesync/decisions", concurrency: Int = 16,
        trust: TrustSettings = TrustSettings()
    ) {
        self.trust = trust
        self.repository = repository
        self.aws = aws
        self.maxChanges = maxChanges
        self.decisionsBranch = decisionsBranch
        self.concurrency = concurrency
    }
}
