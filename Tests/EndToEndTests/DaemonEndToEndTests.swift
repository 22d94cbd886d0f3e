import Foundation
import Testing
import TestSupport

/// `rolesync run`, the built binary against a real emulator and a real Git repository.
@Suite(.timeLimit(.minutes(3))) struct DaemonEndToEndTests {
    @Test func oneCycleConvergesTheFleetAndRecordsOneDecision() async throws {
        let fleet = try await DaemonFleet.make(instances: 5)
        defer { fleet.stop() }
        await #expect(try fleet.attachedProfiles().isEmpty)

        let result = try await RoleSyncBinary.run(["run", "--once", "--repo", fleet.repository.path], environment: fleet.environment)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("converge at "))
        #expect(result.stdout.contains("5 succeeded, 0 failed, 0 blocked; recorded "))

        let attached = try await fleet.attachedProfiles()
        #expect(attached == Dictionary(uniqueKeysWithValues: fleet.instances.map { ($0, "app-ec2") }))
        let decisions = try await fleet.decisionCommits()
        #expect(decisions.count == 1)
        #expect(decisions.first?.hasPrefix("rolesync: 5 associated") == true)

        // Nothing left to do: the next cycle succeeds and records nothing.
        let again = try await RoleSyncBinary.run(["run", "--once", "--repo", fleet.repository.path], environment: fleet.environment)
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(again.stdout.contains("nothing new to record"))
        await #expect(try fleet.decisionCommits().count == 1)
    }

    @Test func onceExitsOneWhenTheCycleFails() async throws {
        let fleet = try await DaemonFleet.make(instances: 1)
        defer { fleet.stop() }
        try await fleet.repository.commit(["teams/broken.yaml": DaemonFleet.invalid], message: "Break the desired state")

        let result = try await RoleSyncBinary.run(["run", "--once", "--repo", fleet.repository.path], environment: fleet.environment)
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("error: converge failed (invalid-desired-state)"))
        #expect(result.stderr.contains("teams/broken.yaml:7"))
        await #expect(try fleet.attachedProfiles().isEmpty)
    }

    /// The daemon converges, serves its endpoints, fails closed on an invalid commit (counting
    /// the errors, changing nothing in AWS) and exits 0 on SIGTERM. Followed as a remote, the
    /// repository is fetched every cycle and the decisions are pushed to it.
    @Test(arguments: [false, true])
    func theDaemonServesHealthFailsClosedAndStopsOnSIGTERM(remote: Bool) async throws {
        let fleet = try await DaemonFleet.make(instances: 4, remote: remote)
        defer { fleet.stop() }
        let daemon = try DaemonProcess(
            ["run", "--repo", fleet.repoArgument, "--listen", "127.0.0.1:0", "--interval", "1s"],
            environment: fleet.environment)
        let port = try await daemon.listenPort()

        #expect(try await DaemonHTTP.get(port, "/healthz").status == 200)
        var ready = try await DaemonHTTP.get(port, "/readyz")
        while ready.status != 200 {
            try await Task.sleep(for: .milliseconds(100))
            ready = try await DaemonHTTP.get(port, "/readyz")
        }
        #expect(ready.body.hasPrefix("ready: last converge succeeded"))
        #expect(try await DaemonHTTP.metric(port, #"rolesync_reconcile_total{result="success"}"#) >= 1)
        #expect(try await DaemonHTTP.metric(port, #"rolesync_actions_total{type="associate",status="succeeded"}"#) == 4)
        #expect(try await DaemonHTTP.metric(port, "rolesync_desired_state_valid") == 1)
        await #expect(try fleet.attachedProfiles().count == 4)
        await #expect(try fleet.decisionCommits().count == 1)

        // An invalid commit: every cycle from now on fails closed.
        try await fleet.commit(["teams/broken.yaml": DaemonFleet.invalid], message: "Break the desired state")
        let firstError = try await DaemonHTTP.waitForMetric(port, #"rolesync_reconcile_total{result="error"}"#, atLeast: 1)
        // Drift the valid state would fix: two more failing cycles leave it alone.
        try await fleet.detachProfile(from: fleet.instances[0])
        _ = try await DaemonHTTP.waitForMetric(port, #"rolesync_reconcile_total{result="error"}"#, atLeast: firstError + 2)
        await #expect(try fleet.attachedProfiles()[fleet.instances[0]] == nil)
        await #expect(try fleet.attachedProfiles().count == 3)
        await #expect(try fleet.decisionCommits().count == 1)
        #expect(try await DaemonHTTP.metric(port, #"rolesync_cycle_errors_total{reason="invalid-desired-state"}"#) >= 3)
        #expect(try await DaemonHTTP.metric(port, "rolesync_desired_state_valid") == 0)
        let notReady = try await DaemonHTTP.get(port, "/readyz")
        #expect(notReady.status == 503)
        #expect(notReady.body.contains("(invalid-desired-state)"))
        #expect(try await DaemonHTTP.get(port, "/healthz").status == 200)

        let (status, reason) = try await daemon.terminate()
        #expect(reason == .exit)
        #expect(status == 0, "stderr: \(daemon.stderr)")
        #expect(daemon.stderr.contains("error: converge failed (invalid-desired-state)"))
        #expect(daemon.stderr.contains("rolesync run: stopped after"))
    }
}
