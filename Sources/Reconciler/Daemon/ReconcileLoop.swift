import AWSClient
import Foundation
import Logging
import ServiceLifecycle

/// The daemon's loop: waits for the next due cycle, runs it, counts how it ended, and goes on.
/// A failing cycle never ends the loop: its reason is counted and reported, and the next cycle
/// comes at its time. Only cancellation or a graceful shutdown ends it, and only between
/// cycles: a cycle in progress finishes first (unless cancelled outright).
///
/// Time and sleep are injected; the cycle itself is a closure, so the loop's behaviour is
/// tested with plain values and no waiting.
public struct ReconcileLoop: Sendable {
    /// Runs one cycle of the given kind; throws when it could not run to the end.
    public typealias Cycle = @Sendable (CycleKind) async throws -> CycleSummary

    /// Intervals, `once`, and for the daemon around the loop the listen address.
    public var settings: DaemonSettings
    public var cycle: Cycle
    public var status: DaemonStatus
    public var metrics: DaemonMetrics
    /// Reads the AWS request policy's counters after every cycle, when there is one.
    public var awsCounters: (@Sendable () async -> RetryMetrics)?
    /// Told about every finished cycle (the command line prints it).
    public var onCycle: @Sendable (CycleResult) -> Void
    public var sleeper: any Sleeper
    /// Pulled by the push webhook: a converge starts at once instead of at its interval.
    public var trigger: ConvergeTrigger
    public var clock: any WallClock
    public var logger: Logger

    public init(
        settings: DaemonSettings, cycle: @escaping Cycle,
        status: DaemonStatus = DaemonStatus(), metrics: DaemonMetrics = DaemonMetrics(),
        awsCounters: (@Sendable () async -> RetryMetrics)? = nil,
        onCycle: @escaping @Sendable (CycleResult) -> Void = { _ in },
        sleeper: any Sleeper = ContinuousSleeper(), trigger: ConvergeTrigger = ConvergeTrigger(),
        clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "rolesync.daemon")
    ) {
        self.settings = settings
        self.cycle = cycle
        self.status = status
        self.metrics = metrics
        self.awsCounters = awsCounters
        self.onCycle = onCycle
        self.sleeper = sleeper
        self.trigger = trigger
        self.clock = clock
        self.logger = logger
    }

    /// Runs cycles until cancelled, shut down, or (with `settings.once`) after the first one; returns
    /// the last finished cycle.
    @discardableResult
    public func run() async -> CycleResult? {
        let status = self.status
        return await withTaskCancellationOrGracefulShutdownHandler {
            var schedule = CycleSchedule(
                interval: settings.interval, driftInterval: settings.driftInterval, start: clock.now())
            var counters = await awsCounters?() ?? RetryMetrics()
            var last: CycleResult?
            while await shouldContinue() {
                let wake = await waitForNextCycle(of: schedule)
                if wake == .stop { break }
                let kind = Self.kind(after: wake, schedule: &schedule, at: clock.now())
                await trigger.consumePending(kind)
                let startedAt = clock.now()
                schedule.started(kind, at: startedAt)
                guard let result = await runCycle(kind, startedAt: startedAt) else { break }
                last = result
                await status.cycleFinished(result)
                metrics.record(result)
                if let awsCounters {
                    let now = await awsCounters()
                    metrics.record(AWSCallDelta(from: counters, to: now))
                    counters = now
                }
                log(result)
                onCycle(result)
                if settings.once { break }
            }
            await status.beginStopping()
            return last
        } onCancelOrGracefulShutdown: {
            Task { await status.beginStopping() }
        }
    }

    private func shouldContinue() async -> Bool {
        guard !Task.isCancelled, !Task.isShuttingDownGracefully else { return false }
        return await status.state.isAlive
    }

    /// How a wait between cycles ended.
    enum Wake: Equatable { case due, pulled(Set<ConvergeReason>), stop }

    /// The cycle to run after `wake`: a push makes the full converge due now; events alone run
    /// an event converge, unless the full converge is due anyway (it covers the events too).
    static func kind(after wake: Wake, schedule: inout CycleSchedule, at now: Date) -> CycleKind {
        if case .pulled(let reasons) = wake {
            if reasons.contains(.push) {
                schedule.convergeNow(at: now)
            } else if reasons.contains(.events), schedule.convergeDue > now {
                return .eventConverge
            }
        }
        return schedule.next.kind
    }

    /// Sleeps until the next cycle is due or the trigger is pulled, whichever comes first;
    /// `.stop` when woken by cancellation or shutdown.
    private func waitForNextCycle(of schedule: CycleSchedule) async -> Wake {
        let wait = schedule.wait(at: clock.now())
        guard wait > .zero else { return .due }
        let (sleeper, trigger) = (self.sleeper, self.trigger)
        let wake: Wake
        do {
            wake = try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Wake.self) { group in
                    group.addTask {
                        try await sleeper.sleep(for: wait)
                        return .due
                    }
                    group.addTask {
                        .pulled(await trigger.wait())
                    }
                    let first = try await group.next() ?? .due
                    group.cancelAll()
                    return first
                }
            }
        } catch {
            return .stop
        }
        return await shouldContinue() ? wake : .stop
    }

    /// Runs one cycle; nil when it was cut short by cancellation, which is no failure of its own.
    private func runCycle(_ kind: CycleKind, startedAt: Date) async -> CycleResult? {
        await status.cycleStarted(kind, at: startedAt)
        logger.debug("cycle starting", metadata: ["kind": "\(kind.rawValue)"])
        let outcome: CycleOutcome
        do {
            outcome = .succeeded(try await cycle(kind))
        } catch {
            if Task.isCancelled { return nil }
            outcome = .failed(CycleFailure(classifying: error))
        }
        return CycleResult(kind: kind, startedAt: startedAt, finishedAt: clock.now(), outcome: outcome)
    }

    private func log(_ result: CycleResult) {
        switch result.outcome {
        case .succeeded(let summary):
            var metadata: Logger.Metadata = [
                "kind": "\(result.kind.rawValue)", "result": "success", "revision": "\(summary.desiredRevision)",
                "instances": "\(summary.instances)", "drifted": "\(summary.drift.values.reduce(0, +))",
                "succeeded": "\(summary.actionCount(.succeeded))", "failed": "\(summary.actionCount(.failed))",
                "blocked": "\(summary.actionCount(.blocked))", "seconds": "\(result.finishedAt.timeIntervalSince(result.startedAt))",
            ]
            if let commit = summary.recordedCommit { metadata["commit"] = "\(commit)" }
            logger.info("cycle finished", metadata: metadata)
        case .failed(let failure):
            logger.error("cycle failed", metadata: [
                "kind": "\(result.kind.rawValue)", "result": "error", "reason": "\(failure.reason.rawValue)",
                "error": "\(failure.message)",
            ])
        }
    }
}
