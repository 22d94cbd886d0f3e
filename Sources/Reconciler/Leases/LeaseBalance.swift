/// Which leases a replica should take in one pass, decided from what it sees: a pure function
/// of the leases, which of them it considers expired, and who it is.
///
/// A replica aims at its fair share, the number of shards over the number of live replicas
/// (itself included) rounded up. Below it, it takes expired or unowned leases first; with none
/// left and still below its share, it steals one lease from the replica holding the most, and
/// only if that replica holds more than its share — at most one steal per pass, so the load
/// evens out without replicas taking leases back and forth.
public enum LeaseBalance {
    public struct Choice: Sendable, Equatable {
        public var take: [Lease] = []
        public var steal: Lease?
    }

    public static func choose(leases: [Lease], expired: Set<String>, me: String) -> Choice {
        var live: [String: [Lease]] = [:]
        for lease in leases {
            if let owner = lease.owner, !expired.contains(lease.key) { live[owner, default: []].append(lease) }
        }
        let mine = live[me]?.count ?? 0
        let replicas = live.keys.filter { $0 != me }.count + 1
        let share = (leases.count + replicas - 1) / max(1, replicas)
        guard mine < share else { return Choice() }
        let free = leases.filter { $0.owner == nil || ($0.owner != me && expired.contains($0.key)) }
            .sorted { $0.key < $1.key }
        if !free.isEmpty { return Choice(take: Array(free.prefix(share - mine))) }
        // The most loaded other replica (ties by name, so every replica picks the same one).
        guard let (_, held) = live.filter({ $0.key != me }).max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }),
              held.count > share || (held.count == share && mine + 1 < share)
        else { return Choice() }
        return Choice(steal: held.sorted { $0.key < $1.key }.first)
    }
}
