import AWSClient
import Foundation
import RoleSyncCore

/// The EC2 token bucket an action's first mutation draws from, in its target: actions of one
/// lane compete for the same tokens, actions of different lanes never do.
///
/// EC2 meters Associate, Disassociate and the other mutations (Replace) in separate buckets per
/// account and region (AWS-NOTES: throttling), so a fleet-wide apply is fastest when every
/// bucket drains at once. One queue for all actions would let a run of Associates fill every
/// slot while the Replace bucket sat full; a queue per lane cannot.
struct ActionLane: Hashable, Sendable, Comparable {
    var target: Target
    var bucket: APIBucket

    init(_ action: PlannedAction) {
        target = action.target
        switch (action.type, action.strategy) {
        case (.associate, _): bucket = .associate
        // A stopped instance's swap starts with a Disassociate (aws-cli#5251).
        case (.replace, .disassociateAssociate?), (.disassociate, _): bucket = .disassociate
        // A template fix starts with CreateLaunchTemplateVersion, an EC2 mutation.
        case (.replace, _), (.manual, _), (.updateLaunchTemplate, _): bucket = .mutating
        }
    }

    static func < (left: ActionLane, right: ActionLane) -> Bool {
        (left.target.account, left.target.region, left.bucket.rawValue)
            < (right.target.account, right.target.region, right.bucket.rawValue)
    }
}

/// Lets each lane's actions begin at the pace its bucket will let their mutations through, so
/// the check made before a mutation is not made long before it.
///
/// Without it, every action in flight reads its instance at once and then queues for a token:
/// at 5 per second the last of 16 would mutate three seconds after its check. The pacer keeps
/// a copy of each lane's bucket (same burst and refill as the client's limiter) and makes an
/// action wait for its turn before its check rather than after. The client's limiter still
/// decides; the pacer only moves the wait.
actor LanePacer {
    private let limits: RateLimitConfiguration
    private let sleeper: any Sleeper
    private let clock: any WallClock
    private var buckets: [ActionLane: TokenBucket] = [:]

    init(limits: RateLimitConfiguration, sleeper: any Sleeper = ContinuousSleeper(), clock: any WallClock = SystemWallClock()) {
        self.limits = limits
        self.sleeper = sleeper
        self.clock = clock
    }

    /// Waits until the lane's next mutation would find a token.
    func waitForTurn(in lane: ActionLane) async {
        let now = clock.now()
        let limit = limits.limit(for: lane.bucket)
        var bucket = buckets[lane] ?? TokenBucket(capacity: limit.capacity, fillRate: limit.refillPerSecond, now: now)
        let wait = bucket.reserve(at: now)
        buckets[lane] = bucket
        if wait > .zero { try? await sleeper.sleep(for: wait) }
    }
}
