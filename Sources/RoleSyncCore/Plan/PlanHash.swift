import Crypto
import Foundation

/// The fingerprint of what a plan was made from: the desired revision and the live facts the
/// planner reads (instance ids, targets, states and tags; associations; profiles and their
/// roles). Wall-clock time is not part of it, so recomputing it against a fresh inventory tells
/// whether a saved plan still describes the fleet.
///
/// Credential findings are left out: they only produce manual actions, and an `apply` that does
/// not rescan user-data must still match.
public enum PlanHash {
    public static func compute(desiredRevision: String, inventory: LiveInventory) -> String {
        let facts = Facts(
            revision: desiredRevision,
            instances: inventory.instances.map(InstanceFacts.init).sorted(),
            profiles: inventory.profiles.values.flatMap { $0 }.map(ProfileFacts.init).sorted()
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding strings and arrays of them cannot fail.
        let canonical = try! encoder.encode(facts)
        let digest = SHA256.hash(data: canonical)
        return "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }

    private struct Facts: Encodable {
        var revision: String
        var instances: [InstanceFacts]
        var profiles: [ProfileFacts]
    }

    private struct InstanceFacts: Encodable, Comparable {
        var account: String
        var region: String
        var id: String
        var state: String
        var tags: [[String]]
        var association: [String]?

        init(_ instance: LiveInstance) {
            account = instance.target.account
            region = instance.target.region
            id = instance.instanceId
            state = instance.state.rawValue
            tags = instance.tags.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }
            association = instance.association.map { [$0.associationId, $0.profileArn, $0.state.rawValue] }
        }

        static func < (lhs: InstanceFacts, rhs: InstanceFacts) -> Bool {
            let left = (lhs.account, lhs.region, lhs.id, lhs.state, lhs.association?.joined(separator: " ") ?? "")
            let right = (rhs.account, rhs.region, rhs.id, rhs.state, rhs.association?.joined(separator: " ") ?? "")
            return left < right
        }
    }

    private struct ProfileFacts: Encodable, Comparable {
        var account: String
        var arn: String
        var name: String
        var roles: [String]

        init(_ profile: LiveInstanceProfile) {
            account = profile.account
            arn = profile.arn
            name = profile.name
            roles = profile.roles.sorted()
        }

        static func < (lhs: ProfileFacts, rhs: ProfileFacts) -> Bool {
            (lhs.account, lhs.arn, lhs.name) < (rhs.account, rhs.arn, rhs.name)
        }
    }
}
