import AWSClient
import Foundation
import GitStore
import Testing
import Reconciler
import RoleSyncCore

/// The reconcile loop's state machine, with a scripted cycle, a manual clock and a sleeper
/// that never waits: failures are counted and the loop goes on, readiness follows the latest
/// cycle, and cancellation stops it.
@Suite(.timeLimit(.minutes(1))) struct DaemonLoopTests {
    struct Harness {
        let clock = ManualClock()
        let status = DaemonStatus()
        let metrics = DaemonMetrics()
        let sleeper: ScriptedSleeper
        let cycle: ScriptedCycle
        let loop: ReconcileLoop

        init(_ script: [Result<CycleSummary, any Error>], freeSleeps: Int, interval: Duration = .seconds(60),
             driftInterval: Duration = .seconds(300), once: Bool = false) {
            sleeper = ScriptedSleeper(clock: clock, freeSleeps: freeSleeps)
            let cycle = ScriptedCycle(script, status: status)
            self.cycle = cycle
            loop = ReconcileLoop(
                settings: DaemonSettings(interval: interval, driftInterval: driftInterval, once: once),
                cycle: { try await cycle.run($0) },
                status: status, metrics: metrics, sleeper: sleeper, clock: clock)
        }

        /// Runs the loop until the sleeper parks, hands over for checks, then cancels the loop.
        func runUntilParked(_ checks: () async throws -> Void) async throws -> CycleResult? {
            let loop = self.loop
            let task = Task { await loop.run() }
            var parked = sleeper.parked.makeAsyncIterator()
            _ = await parked.next()
            try await checks()
            task.cancel()
            return await task.value
        }
    }

    @Test func aFailingCycleIsCountedAndTheLoopGoesOn() async throws {
        let harness = Harness([.failure(ScriptedCycle.invalid), .success(ScriptedCycle.summary())], freeSleeps: 1)
        let last = try await harness.runUntilParked {
            #expect(harness.cycle.calls == [.converge, .converge])
            #expect(await harness.status.cycles == 2)
            #expect(await harness.status.failures == 1)
            #expect(await harness.status.consecutiveFailures == 0)
        }
        #expect(last?.succeeded == true)
        let text = harness.metrics.render()
        #expect(text.metricValue(#"rolesync_reconcile_total{result="error"}"#) == 1)
        #expect(text.metricValue(#"rolesync_reconcile_total{result="success"}"#) == 1)
        #expect(text.metricValue(#"rolesync_cycle_errors_total{reason="empty-desired-state"}"#) == 1)
        #expect(text.metricValue(#"rolesync_actions_total{type="associate",status="succeeded"}"#) == 2)
        #expect(text.metricValue(#"rolesync_drift_items{kind="missing"}"#) == 2)
        #expect(text.metricValue(#"rolesync_desired_state_valid"#) == 1)
        #expect(text.metricValue("rolesync_last_success_timestamp_seconds") == harness.clock.now().timeIntervalSince1970)
    }

    @Test func failuresKeepTheLoopWaitingTheFullInterval() async throws {
        let failure = Result<CycleSummary, any Error>.failure(GitError(kind: .failed, operation: "fetch", subject: "origin", message: "down"))
        let harness = Harness([failure, failure, failure], freeSleeps: 2, interval: .seconds(30))
        _ = try await harness.runUntilParked {
            #expect(await harness.status.consecutiveFailures == 3)
        }
        #expect(harness.sleeper.requested == [Duration.seconds(30), .seconds(30), .seconds(30)])
        #expect(harness.metrics.render().metricValue(#"rolesync_cycle_errors_total{reason="git"}"#) == 3)
    }

    @Test func readinessFollowsTheLatestCycle() async throws {
        let harness = Harness(
            [.failure(ScriptedCycle.invalid), .success(ScriptedCycle.summary()), .failure(ScriptedCycle.invalid)],
            freeSleeps: 2)
        #expect(await harness.status.state == .starting)
        _ = try await harness.runUntilParked {
            let state = await harness.status.state
            #expect(state.isAlive)
            #expect(!state.isReady)
            #expect(state.readinessReason.hasPrefix("last converge failed (empty-desired-state)"))
            #expect(harness.metrics.render().metricValue("rolesync_desired_state_valid") == 0)
        }
        // Before the first cycle: not ready; after the failure: not ready; after the success: ready.
        #expect(harness.cycle.readyAtStart == [false, false, true])
        let final = await harness.status.state
        #expect(!final.isAlive)
        #expect(!final.isReady)
        #expect(final.name == "stopping")
    }

    @Test func cancellationStopsTheLoopBetweenCycles() async throws {
        let harness = Harness([], freeSleeps: 0)
        let last = try await harness.runUntilParked {
            #expect(await harness.status.state.name == "idle")
        }
        #expect(harness.cycle.calls == [.converge])
        #expect(last?.succeeded == true)
        #expect(await harness.status.state.name == "stopping")
    }

    @Test func onceRunsOneConvergeAndReturnsItsResult() async {
        let harness = Harness([.failure(ScriptedCycle.invalid)], freeSleeps: 0, once: true)
        let result = await harness.loop.run()
        #expect(harness.cycle.calls == [.converge])
        #expect(harness.sleeper.requested.isEmpty)
        #expect(result?.outcome == .failed(CycleFailure(reason: .emptyDesiredState, message: "\(ScriptedCycle.invalid)")))
    }

    @Test func driftChecksRunBetweenConvergesAndAreCountedApart() async throws {
        let harness = Harness([], freeSleeps: 4, interval: .seconds(600), driftInterval: .seconds(180))
        _ = try await harness.runUntilParked {}
        #expect(harness.cycle.calls == [.converge, .driftCheck, .driftCheck, .driftCheck, .converge])
        #expect(harness.sleeper.requested.prefix(4) == [Duration.seconds(180), .seconds(180), .seconds(180), .seconds(60)])
        let text = harness.metrics.render()
        #expect(text.metricValue(#"rolesync_reconcile_total{result="success"}"#) == 2)
        #expect(text.metricValue(#"rolesync_drift_checks_total{result="success"}"#) == 3)
        // Drift checks carry out nothing: only the converges' actions are counted.
        #expect(text.metricValue(#"rolesync_actions_total{type="associate",status="succeeded"}"#) == 4)
    }
}
