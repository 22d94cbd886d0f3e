import AWSClient
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import Reconciler
import RoleSyncCore

/// `/healthz`, `/readyz` and `/metrics`: the answers as values, then served for real on a
/// loopback port by a running daemon.
@Suite(.timeLimit(.minutes(1))) struct DaemonHealthTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func result(_ outcome: CycleOutcome) -> CycleResult {
        CycleResult(kind: .converge, startedAt: start, finishedAt: start.addingTimeInterval(2), outcome: outcome)
    }

    @Test func answersFollowTheDaemonsState() async {
        let status = DaemonStatus()
        let routes = HealthRoutes(status: status, metrics: DaemonMetrics())
        #expect(await routes.answer(method: "GET", uri: "/healthz").status == 200)
        #expect(await routes.answer(method: "GET", uri: "/readyz") ==
            HTTPAnswer(status: 503, body: "not ready: no cycle has finished yet\n"))

        await status.cycleStarted(.converge, at: Self.start)
        await status.cycleFinished(Self.result(.succeeded(ScriptedCycle.summary())))
        #expect(await routes.answer(method: "GET", uri: "/readyz?verbose=1") ==
            HTTPAnswer(status: 200, body: "ready: last converge succeeded at 4f2a9c1e0000\n"))

        await status.cycleStarted(.converge, at: Self.start)
        #expect(await routes.answer(method: "GET", uri: "/readyz").status == 200, "a cycle in progress keeps the last readiness")
        await status.cycleFinished(Self.result(.failed(CycleFailure(reason: .git, message: "fetch failed"))))
        #expect(await routes.answer(method: "GET", uri: "/readyz") ==
            HTTPAnswer(status: 503, body: "not ready: last converge failed (git): fetch failed\n"))
        #expect(await routes.answer(method: "GET", uri: "/healthz") == HTTPAnswer(status: 200, body: "ok: idle\n"))

        await status.beginStopping()
        #expect(await routes.answer(method: "GET", uri: "/healthz") == HTTPAnswer(status: 503, body: "stopping: stopping\n"))
        #expect(await routes.answer(method: "GET", uri: "/readyz").status == 503)
    }

    @Test(arguments: [
        ("GET", "/", 404), ("GET", "/metricsx", 404), ("POST", "/metrics", 405), ("DELETE", "/healthz", 405),
        ("HEAD", "/healthz", 200), ("GET", "/metrics", 200),
    ])
    func methodsAndPaths(method: String, uri: String, status: Int) async {
        let routes = HealthRoutes(status: DaemonStatus(), metrics: DaemonMetrics())
        #expect(await routes.answer(method: method, uri: uri).status == status)
    }

    @Test func metricsUseThePrometheusTextFormatWithEverySeriesFromTheStart() async {
        let routes = HealthRoutes(status: DaemonStatus(), metrics: DaemonMetrics())
        let answer = await routes.answer(method: "GET", uri: "/metrics")
        #expect(answer.contentType == HealthRoutes.prometheusContentType)
        for series in [
            #"rolesync_reconcile_total{result="success"}"#, #"rolesync_reconcile_total{result="error"}"#,
            #"rolesync_drift_items{kind="profile-not-found"}"#, #"rolesync_actions_total{type="replace",status="failed"}"#,
            #"rolesync_cycle_errors_total{reason="aws-throttled"}"#, #"rolesync_aws_requests_total{outcome="throttled"}"#,
            "rolesync_aws_retries_total", "rolesync_last_success_timestamp_seconds", "rolesync_desired_state_valid",
        ] {
            #expect(answer.body.metricValue(series) == 0, "\(series)")
        }
        #expect(answer.body.contains("# TYPE rolesync_reconcile_duration_seconds histogram"))
    }

    @Test func awsCountersAreAddedAsDifferences() {
        var before = RetryMetrics()
        before.successes = 10
        before.throttles = 1
        var after = before
        after.successes = 15
        after.throttles = 4
        after.retries = 3
        let metrics = DaemonMetrics()
        metrics.record(AWSCallDelta(from: before, to: after))
        let text = metrics.render()
        #expect(text.metricValue(#"rolesync_aws_requests_total{outcome="success"}"#) == 5)
        #expect(text.metricValue(#"rolesync_aws_requests_total{outcome="throttled"}"#) == 3)
        #expect(text.metricValue("rolesync_aws_retries_total") == 3)
    }

    /// A daemon with a fake cycle on a free loopback port: serves the endpoints over real HTTP
    /// and stops cleanly when shut down.
    @Test func aRunningDaemonServesItsEndpointsAndShutsDown() async throws {
        let status = DaemonStatus()
        let cycle = ScriptedCycle([], status: status)
        let settings = DaemonSettings(
            interval: .seconds(3600), driftInterval: .seconds(3600), listen: ListenAddress(host: "127.0.0.1", port: 0))
        let loop = ReconcileLoop(settings: settings, cycle: { try await cycle.run($0) }, status: status)
        let (bound, boundContinuation) = AsyncStream.makeStream(of: ListenAddress.self)
        let daemon = ReconcileDaemon(
            loop: loop, handleSignals: false,
            onBound: { boundContinuation.yield($0) })
        let running = Task { try await daemon.run() }
        var addresses = bound.makeAsyncIterator()
        let address = try #require(await addresses.next())
        #expect(address.port > 0)
        let base = "http://127.0.0.1:\(address.port)"

        #expect(try await Self.get(base + "/healthz").status == 200)
        var ready = try await Self.get(base + "/readyz")
        while ready.status != 200 {  // until the first cycle has finished; the time limit guards a hang
            await Task.yield()
            ready = try await Self.get(base + "/readyz")
        }
        #expect(ready.body == "ready: last converge succeeded at 4f2a9c1e0000\n")
        let metrics = try await Self.get(base + "/metrics")
        #expect(metrics.body.metricValue(#"rolesync_reconcile_total{result="success"}"#) == 1)
        #expect(try await Self.get(base + "/nothing").status == 404)

        await daemon.shutDown()
        try await running.value
        #expect(await status.state.name == "stopping")
        #expect(cycle.calls == [.converge])
    }

    @Test func aTakenAddressIsRefusedWithItsName() async throws {
        let routes = HealthRoutes(status: DaemonStatus(), metrics: DaemonMetrics())
        let (bound, boundContinuation) = AsyncStream.makeStream(of: ListenAddress.self)
        let first = HealthServer(
            address: ListenAddress(host: "127.0.0.1", port: 0), routes: routes, onBound: { boundContinuation.yield($0) })
        let running = Task { try await first.run() }
        var addresses = bound.makeAsyncIterator()
        let taken = try #require(await addresses.next())

        let error = await #expect(throws: CannotListen.self) {
            try await HealthServer(address: taken, routes: routes).run()
        }
        #expect(error?.description.hasPrefix("cannot listen on \(taken): ") == true)
        running.cancel()
        try? await running.value
    }

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
