import Crypto
import Foundation

/// How an `update-launch-template` action fixes a template version at its source, and what it
/// saw when planned.
///
/// The executor copies `sourceVersion` into a new version naming the action's profile
/// (`CreateLaunchTemplateVersion` with `SourceVersion`), then moves `$Default` to it when
/// `followingDefault` is not empty and pins each of `pinned` to it. Groups in `followingLatest`
/// get it by its creation. Right before that it reads the template and the groups again and
/// skips the action when they are no longer as seen here, as instance actions do.
public struct LaunchTemplateFix: Sendable, Hashable, Codable {
    /// A group that names the version by number, and where.
    public struct PinnedGroup: Sendable, Hashable, Codable, Comparable {
        public var name: String
        public var place: LaunchTemplateChoice.Place

        public init(name: String, place: LaunchTemplateChoice.Place) {
            self.name = name
            self.place = place
        }

        public static func < (lhs: PinnedGroup, rhs: PinnedGroup) -> Bool {
            (lhs.name, lhs.place.rawValue) < (rhs.name, rhs.place.rawValue)
        }
    }

    public var templateId: String
    /// The version the groups launch from, copied into the new one.
    public var sourceVersion: Int
    /// The profile the source version names (ARN or name, as written), nil for none.
    public var sourceProfile: String?
    /// The template's `$Default` and `$Latest` when planned.
    public var defaultVersion: Int?
    public var latestVersion: Int?
    /// Groups following `$Default` (sorted): `ModifyLaunchTemplate` moves it.
    public var followingDefault: [String]
    /// Groups following `$Latest` (sorted): the new version reaches them when it is made.
    public var followingLatest: [String]
    /// Groups pinning `sourceVersion` (sorted): `UpdateAutoScalingGroup` pins the new one.
    public var pinned: [PinnedGroup]
    /// After execution: the version made.
    public var createdVersion: Int?

    public init(
        templateId: String, sourceVersion: Int, sourceProfile: String?, defaultVersion: Int?, latestVersion: Int?,
        followingDefault: [String] = [], followingLatest: [String] = [], pinned: [PinnedGroup] = [],
        createdVersion: Int? = nil
    ) {
        self.templateId = templateId
        self.sourceVersion = sourceVersion
        self.sourceProfile = sourceProfile
        self.defaultVersion = defaultVersion
        self.latestVersion = latestVersion
        self.followingDefault = followingDefault.sorted()
        self.followingLatest = followingLatest.sorted()
        self.pinned = pinned.sorted()
        self.createdVersion = createdVersion
    }

    /// Whether `$Default` has to move to the new version.
    public var movesDefault: Bool { !followingDefault.isEmpty }

    /// The `VersionDescription` of the new version: says who made it, from what and with which
    /// profile, as `rolesync:copy-of-version-2:arn:…`. Without spaces: the emulator re-encodes
    /// form values with `+` for a space when it checks signatures, so a space fails there.
    public func versionDescription(profile: String) -> String {
        String("rolesync:copy-of-version-\(sourceVersion):\(profile)".prefix(255))
    }

    /// The `ClientToken` of `CreateLaunchTemplateVersion`: the same for the same template,
    /// source version and profile, so a retry whose first answer was lost, or a later run
    /// after a partial failure, gets the version already made instead of another. Safe to
    /// reuse because versions never change: the same inputs always mean the same new version.
    public func clientToken(profile: String) -> String {
        let digest = SHA256.hash(data: Data("rolesync-launch-template/\(templateId)/\(sourceVersion)/\(profile)".utf8))
        return "rolesync-" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
