import RoleSyncCore

/// Asked just before each action's first mutating call, by whichever executor carries it out:
/// may a mutation start in this target now? A replica's executor sets one for the actions it
/// hands on (`LeasedExecutor`), so a lease confirmed before a batch is not trusted for longer
/// than a third of the failover time: a round slowed down (rate limits, settle waits, a starved
/// machine) confirms again before its next mutation rather than acting on a lease another
/// replica may since have taken. Without a gate, every mutation may start.
public struct MutationGate: Sendable {
    @TaskLocal public static var current: MutationGate?

    public var mayStart: @Sendable (Target) async -> Bool

    public init(mayStart: @escaping @Sendable (Target) async -> Bool) {
        self.mayStart = mayStart
    }

    /// Whether the current gate, if any, lets a mutation start in `target`.
    public static func allows(_ target: Target) async -> Bool {
        guard let gate = current else { return true }
        return await gate.mayStart(target)
    }
}
