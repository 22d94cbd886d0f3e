import AWSClient
import Foundation
import Reconciler
import RoleSyncCore

/// A wall clock that moves only when told to.
final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }

    func now() -> Date { lock.withLock { current } }

    func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        lock.withLock { current = current.addingTimeInterval(TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18) }
    }
}

/// Sleeps without waiting: each of the first `freeSleeps` calls moves the clock on by the
/// requested time and returns; the next one parks until the task is cancelled and tells
/// `parked`, so a test can look at the daemon in a known state and then stop it.
final class ScriptedSleeper: Sleeper, @unchecked Sendable {
    let clock: ManualClock
    let freeSleeps: Int
    let parked: AsyncStream<Void>
    private let parkedContinuation: AsyncStream<Void>.Continuation
    private let lock = NSLock()
    private var requests: [Duration] = []

    init(clock: ManualClock, freeSleeps: Int) {
        self.clock = clock
        self.freeSleeps = freeSleeps
        (parked, parkedContinuation) = AsyncStream.makeStream()
    }

    /// Every duration asked for, in order.
    var requested: [Duration] { lock.withLock { requests } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let count = lock.withLock { requests.append(duration); return requests.count }
        if count <= freeSleeps {
            clock.advance(by: duration)
            return
        }
        parkedContinuation.yield()
        // Ends only through cancellation: the test decides when, no time is measured.
        try await Task.sleep(for: .seconds(86_400))
    }
}

/// A cycle closure that plays a script of outcomes, one per call, and remembers what it was asked.
final class ScriptedCycle: @unchecked Sendable {
    private let lock = NSLock()
    private var script: [Result<CycleSummary, any Error>]
    private var kinds: [CycleKind] = []
    private var readiness: [Bool] = []
    let status: DaemonStatus

    init(_ script: [Result<CycleSummary, any Error>], status: DaemonStatus) {
        self.script = script
        self.status = status
    }

    /// The kinds of cycle run so far.
    var calls: [CycleKind] { lock.withLock { kinds } }
    /// `/readyz` as it stood when each cycle began.
    var readyAtStart: [Bool] { lock.withLock { readiness } }

    func run(_ kind: CycleKind) async throws -> CycleSummary {
        let ready = await status.state.isReady
        let next = lock.withLock { () -> Result<CycleSummary, any Error> in
            kinds.append(kind)
            readiness.append(ready)
            return script.isEmpty ? .success(Self.summary()) : script.removeFirst()
        }
        return try next.get()
    }

    static func summary(drift: [DriftKind: Int] = [.missing: 2], succeeded: Int = 2, recorded: String? = "c0ffee1") -> CycleSummary {
        CycleSummary(
            desiredRevision: "4f2a9c1e0000", instances: 10, drift: drift,
            actions: [ActionTally(type: .associate, status: .succeeded): succeeded], recordedCommit: recorded)
    }

    static let invalid: any Error = DesiredStateError.empty(revision: "4f2a9c1e0000")
}

extension String {
    /// The value of the sample `series` (name with labels, as written) in Prometheus text.
    func metricValue(_ series: String) -> Double? {
        split(separator: "\n").first { $0.hasPrefix(series + " ") }
            .flatMap { Double($0.dropFirst(series.count + 1)) }
    }
}
