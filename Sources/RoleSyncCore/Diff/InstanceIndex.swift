/// Instances indexed by id and by tag, so a selector is matched by walking its smallest tag
/// posting list instead of every instance: matching a fleet costs about the sum of those lists,
/// never assignments × instances.
public struct InstanceIndex: Sendable {
    /// The indexed instances; matches are positions in this array.
    public let instances: [LiveInstance]
    private let positionsById: [String: [Int]]
    private let positionsByTag: [TagPair: [Int]]

    private struct TagPair: Hashable, Sendable {
        var key: String
        var value: String
    }

    public init(instances: [LiveInstance]) {
        self.instances = instances
        var byId: [String: [Int]] = [:]
        var byTag: [TagPair: [Int]] = [:]
        // Sized up front: growing a 100,000-entry dictionary rehashes it many times over.
        byId.reserveCapacity(instances.count)
        for (position, instance) in instances.enumerated() {
            byId[instance.instanceId, default: []].append(position)
            for (key, value) in instance.tags {
                byTag[TagPair(key: key, value: value), default: []].append(position)
            }
        }
        positionsById = byId
        positionsByTag = byTag
    }

    /// Positions of instances whose id the selector lists (ids repeat across accounts only in tests).
    public func positions(listedIn selector: InstanceSelector) -> [Int] {
        selector.instanceIds.flatMap { positionsById[$0] ?? [] }
    }

    /// Positions of instances carrying every tag of the selector; empty when it names no tags.
    public func positions(taggedFor selector: InstanceSelector) -> [Int] {
        guard !selector.tags.isEmpty else { return [] }
        var smallest: [Int]?
        for (key, value) in selector.tags {
            let postings = positionsByTag[TagPair(key: key, value: value)] ?? []
            if postings.isEmpty { return [] }
            if smallest == nil || postings.count < smallest!.count { smallest = postings }
        }
        guard let candidates = smallest else { return [] }
        if selector.tags.count == 1 { return candidates }
        return candidates.filter { position in
            let tags = instances[position].tags
            return selector.tags.allSatisfy { tags[$0.key] == $0.value }
        }
    }

    /// How the selector matched the instance at `position`, if it did: by id wins over by tags.
    public func match(_ selector: InstanceSelector, at position: Int) -> MatchRank? {
        let instance = instances[position]
        if selector.instanceIds.contains(instance.instanceId) { return .id }
        if !selector.tags.isEmpty, selector.tags.allSatisfy({ instance.tags[$0.key] == $0.value }) { return .tags }
        return nil
    }

    /// Every position the selector matches, with its rank (id beats tags for the same instance).
    public func matches(_ selector: InstanceSelector) -> [(position: Int, rank: MatchRank)] {
        var ranks: [Int: MatchRank] = [:]
        for position in positions(taggedFor: selector) { ranks[position] = .tags }
        for position in positions(listedIn: selector) { ranks[position] = .id }
        return ranks.sorted { $0.key < $1.key }.map { (position: $0.key, rank: $0.value) }
    }
}

/// How strongly a selector picks an instance: naming it by id outranks matching its tags.
public enum MatchRank: Int, Sendable, Hashable, Codable, Comparable {
    case tags = 1
    case id = 2

    public static func < (lhs: MatchRank, rhs: MatchRank) -> Bool { lhs.rawValue < rhs.rawValue }
}
