import Foundation

/// When each kind of cycle is next due: converges every `interval`, read-only drift checks
/// every `driftInterval` in between. Pure: the loop passes the time in.
///
/// Due times count from when a cycle started, so a slow cycle does not push every later one
/// back; a cycle that overran its interval is followed by the next one at once. A converge
/// observes too, so it also restarts the drift-check period.
public struct CycleSchedule: Sendable, Hashable {
    public var interval: Duration
    public var driftInterval: Duration
    public private(set) var convergeDue: Date
    public private(set) var driftCheckDue: Date

    /// A schedule whose first converge is due at `start`.
    public init(interval: Duration, driftInterval: Duration, start: Date) {
        self.interval = interval
        self.driftInterval = driftInterval
        self.convergeDue = start
        self.driftCheckDue = start.addingTimeInterval(Self.seconds(driftInterval))
    }

    /// The next cycle and when it is due. A converge wins when both are due by then.
    public var next: (kind: CycleKind, due: Date) {
        driftCheckDue < convergeDue ? (.driftCheck, driftCheckDue) : (.converge, convergeDue)
    }

    /// How long to wait at `now` before the next cycle; zero when it is already due.
    public func wait(at now: Date) -> Duration {
        let seconds = next.due.timeIntervalSince(now)
        return seconds > 0 ? .milliseconds(Int64((seconds * 1000).rounded(.up))) : .zero
    }

    /// A push arrived: the next converge is due at once.
    public mutating func convergeNow(at date: Date) {
        convergeDue = min(convergeDue, date)
    }

    /// Records that a cycle of `kind` started at `date`, moving the due times on.
    /// An event converge sees only what its events name, so it moves neither due time on.
    public mutating func started(_ kind: CycleKind, at date: Date) {
        guard kind != .eventConverge else { return }
        if kind == .converge { convergeDue = date.addingTimeInterval(Self.seconds(interval)) }
        driftCheckDue = date.addingTimeInterval(Self.seconds(driftInterval))
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
