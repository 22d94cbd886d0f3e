import Foundation
import TestSupport

/// The small fleet the least-privilege tests run on: one instance for each call rolesync
/// makes, so a policy missing any one action makes some command fail.
///
/// - `missing` has no profile: Associate.
/// - `wrong` runs with the wrong profile: Replace.
/// - `stopped-wrong` is stopped with the wrong profile: Disassociate then Associate.
/// - `unwanted` must have none: Disassociate.
/// - `baked` is in sync but has keys in its user-data: `scanUserData` reads it
///   (DescribeInstanceAttribute) and reports it.
///
/// Beside them `EnforcedSeed` makes an Auto Scaling group launching from a launch template
/// (in sync), so the group and template reads are made, and two groups whose templates name no
/// profile, fixed at the source (`fixLaunchTemplates: true`): one following `$Default`
/// (CreateLaunchTemplateVersion, ModifyLaunchTemplate), one pinning its version
/// (CreateLaunchTemplateVersion, UpdateAutoScalingGroup).
enum LeastPrivilegeFleet {
    static let memberAccount = "111111111111"
    static let memberRoleArn = "arn:aws:iam::111111111111:role/rolesync"

    /// Made-up keys, shaped like real ones.
    static let bakedKeyId = "AKIAQ3EGRCZXKJ7WNP4M"
    static let userData =
        "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=\(bakedKeyId)\nexport AWS_SECRET_ACCESS_KEY=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\n"

    static let profiles = [ProfileSeed("web-ec2", role: "web-app"), ProfileSeed("legacy-ec2", role: "legacy-app")]

    static let instances = [
        InstanceSeed("missing", tags: ["team": "web"]),
        InstanceSeed("wrong", tags: ["team": "web"], profile: "legacy-ec2"),
        InstanceSeed("stopped-wrong", tags: ["team": "web"], profile: "legacy-ec2", stopped: true),
        InstanceSeed("unwanted", tags: ["team": "batch"], profile: "web-ec2"),
        InstanceSeed("baked", tags: ["team": "web"], profile: "web-ec2", userData: userData),
    ]

    /// Where every instance ends up after `apply` (absent: no profile).
    static let converged = ["missing": "web-ec2", "wrong": "web-ec2", "stopped-wrong": "web-ec2", "baked": "web-ec2"]

    /// The desired state: `team: web` gets `web-ec2`, `team: batch` none, user-data scanned.
    static func manifests(accounts: [String] = []) -> [String: String] {
        [
            "policy.yaml": ManifestText.policy(extra: ["scanUserData: true", "fixLaunchTemplates: true"] + accounts),
            "web.yaml": ManifestText.assignment("web", tags: ["team": "web"], profile: "web-ec2"),
            "batch.yaml": ManifestText.assignment("batch", tags: ["team": "batch"], profile: "none"),
        ]
    }

    /// Policy lines listing only the member account, reached through its `rolesync` role.
    static let memberAccountLines = [
        "accounts:",
        "  - id: \"\(memberAccount)\"",
        "    roleArn: \(memberRoleArn)",
    ]

    /// The member trust policy shipped, with its placeholder principal kept as written.
    static func memberTrust() throws -> String {
        try String(
            contentsOf: RoleSyncBinary.packageRoot().appendingPathComponent("manifests/deploy/iam/member-trust-policy.json"),
            encoding: .utf8)
    }

    static func seed(policy: ShippedPolicy, member: Bool = false) throws -> EnforcedSeed {
        EnforcedSeed(
            profiles: profiles, instances: instances, policy: try policy.json(),
            memberAccount: member ? memberAccount : nil, memberTrust: member ? try memberTrust() : nil)
    }
}
