import Crypto
import Foundation

/// The fingerprint of what a plan was made from: the desired state (its manifest digest, so the
/// same manifests at another revision, as after a merge, give the same hash) and the live facts the
/// planner reads (instance ids, targets, states and tags; associations; profiles and their
/// roles). Wall-clock time is not part of it, so recomputing it against a fresh inventory tells
/// whether a saved plan still describes the fleet.
///
/// Auto Scaling groups and the template versions they launch from are in it when there are any
/// (what a launch template fix depends on: launch tags, the versions asked for and where, the
/// profile each version names, `$Default` and `$Latest`).
///
/// Credential findings are left out: they only produce manual actions, and an `apply` that does
/// not rescan user-data must still match. Launch times and addresses are left out too: the
/// planner's mutations do not depend on them.
///
/// Each account and region is hashed on its own and the plan hash is made of those digests, so a
/// fleet read one shard at a time (`ShardedPlanner`) gets the same hash as one read whole.
public enum PlanHash {
    /// `desired` is the desired state's `manifestDigest`, or its revision when it has none.
    public static func compute(desired: String, inventory: LiveInventory) -> String {
        var digests = TargetDigests()
        var profiles: [String: [LiveInstanceProfile]] = [:]
        for shard in inventory.shards() {
            digests.add(shard)
            profiles.merge(shard.profiles) { first, _ in first }
        }
        // The profiles of the accounts read, as a fleet read shard by shard has them.
        return digests.finalize(desired: desired, profiles: profiles, failedTargets: inventory.failedTargets)
    }

    /// The digests of the targets read so far, each over its instances (and its groups and
    /// template versions, when it has any), ready to be folded into a plan hash.
    public struct TargetDigests: Sendable {
        private var digests: [Target: String] = [:]

        public init() {}

        /// Adds one target's inventory: every target it lists gets the digest of what it holds.
        public mutating func add(_ shard: LiveInventory) {
            for target in shard.targets { digests[target] = PlanHash.digest(of: shard, in: target) }
        }

        public func finalize(desired: String, profiles: [String: [LiveInstanceProfile]], failedTargets: [FailedTarget]) -> String {
            var hasher = CanonicalHasher()
            hasher.field("rolesync-plan-hash/v3")
            hasher.field(desired)
            hasher.field("targets \(digests.count)")
            for target in digests.keys.sorted() {
                hasher.field(target.description)
                hasher.field(digests[target] ?? "")
            }
            let profiles = profiles.flatMap { account, list in list.map { profileFacts($0, account: account) } }
                .sorted { $0.lexicographicallyPrecedes($1) }
            hasher.field("profiles \(profiles.count)")
            for facts in profiles { facts.forEach { hasher.field($0) } }
            // Only when some target failed: a plan saved while a target was unreadable never
            // matches a later, complete read.
            if !failedTargets.isEmpty {
                hasher.field("failed targets \(failedTargets.count)")
                for failed in failedTargets.sorted() { hasher.field(failed.target.description) }
            }
            return "sha256:" + hasher.finalize()
        }
    }

    /// One target's facts: its instances in a fixed order, then its groups and template versions.
    static func digest(of inventory: LiveInventory, in target: Target) -> String {
        var hasher = CanonicalHasher()
        let instances = inventory.instances.filter { $0.target == target }
        hasher.field("instances \(instances.count)")
        for position in factOrder(instances) { instanceFacts(instances[position]).forEach { hasher.field($0) } }
        let groups = inventory.autoScalingGroups.filter { $0.target == target }
        let versions = inventory.launchTemplateVersions.filter { $0.target == target }
        if !groups.isEmpty || !versions.isEmpty {
            LaunchTemplateFacts.add(groups: groups, versions: versions, to: &hasher)
        }
        return hasher.finalize()
    }

    /// Positions of `instances` in the lexicographic order of their fact lists. The lists start
    /// with account, region and id, so comparing those decides; whole lists are built and
    /// compared only for duplicates. Same order, far cheaper than sorting 100,000 lists.
    private static func factOrder(_ instances: [LiveInstance]) -> [Int] {
        // Fields are read in place: binding whole instances would copy every field of each.
        instances.indices.sorted { lhs, rhs in
            if instances[lhs].target != instances[rhs].target { return instances[lhs].target < instances[rhs].target }
            if instances[lhs].instanceId != instances[rhs].instanceId {
                return instances[lhs].instanceId < instances[rhs].instanceId
            }
            return instanceFacts(instances[lhs]).lexicographicallyPrecedes(instanceFacts(instances[rhs]))
        }
    }

    /// Account, region and id first, so sorting the lists orders instances by them.
    private static func instanceFacts(_ instance: LiveInstance) -> [String] {
        var facts = [instance.target.account, instance.target.region, instance.instanceId, instance.state.rawValue]
        let tags = instance.tags.sorted { $0.key < $1.key }
        facts.append("tags \(tags.count)")
        for (key, value) in tags { facts += [key, value] }
        if let association = instance.association {
            facts += ["association", association.associationId, association.profileArn, association.state.rawValue]
        } else {
            facts.append("no association")
        }
        return facts
    }

    private static func profileFacts(_ profile: LiveInstanceProfile, account: String) -> [String] {
        let roles = profile.roles.sorted()
        return [account, profile.arn, profile.name, "roles \(roles.count)"] + roles
    }
}

/// SHA-256 over a sequence of strings, each prefixed with its byte length, so that no two
/// different sequences feed the same bytes (`["ab", "c"]` and `["a", "bc"]` differ). The bytes
/// are gathered first and hashed once: one digest update per field is slow for large fleets.
struct CanonicalHasher {
    private var buffer: [UInt8] = []

    mutating func field(_ text: String) {
        buffer.append(contentsOf: String(text.utf8.count).utf8)
        buffer.append(UInt8(ascii: ":"))
        buffer.append(contentsOf: text.utf8)
    }

    /// Raw bytes, length-prefixed like a text field.
    mutating func bytes(_ data: Data) {
        buffer.append(contentsOf: String(data.count).utf8)
        buffer.append(UInt8(ascii: ":"))
        buffer.append(contentsOf: data)
    }

    func finalize() -> String {
        let hex = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        for byte in SHA256.hash(data: buffer) {
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
