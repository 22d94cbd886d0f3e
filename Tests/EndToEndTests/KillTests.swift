import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// `apply` killed with SIGKILL at points spread over its mutations, each time followed by a
/// normal `apply`: the fleet converges every time, and every mutation the killed run sent
/// appears in a decision record. CI runs a reduced count; `scripts/kill-test.sh` the full one
/// (`ROLESYNC_KILL_POINTS`, `ROLESYNC_KILL_CHANGES`).
@Suite(.serialized) struct KillTests {
    static let suite = "kill"
    static let environment = ProcessInfo.processInfo.environment
    static let points = Int(environment["ROLESYNC_KILL_POINTS"] ?? "") ?? 3
    static let changes = Int(environment["ROLESYNC_KILL_CHANGES"] ?? "") ?? 12

    @Test func applyKilledMidwayConvergesOnTheNextRunAndLosesNoMutation() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let profiles = ["app-ec2", "alt-ec2"]
        // A quarter of the fleet is stopped, so swaps there take both halves (disassociate, associate).
        let seeds = (0..<Self.changes).map {
            InstanceSeed("app-\($0)", tags: ["team": "app"], profile: $0 % 2 == 0 ? "old-ec2" : nil, stopped: $0 % 4 == 0)
        }
        let ids = try await world.fleet.seed(
            profiles: (profiles + ["old-ec2"]).map { ProfileSeed($0, role: $0) }, instances: seeds)

        for point in 0..<Self.points {
            let profile = profiles[point % 2]
            try await world.commit([
                "policy.yaml": ManifestText.policy(maxChanges: Self.changes + 10),
                "app.yaml": ManifestText.assignment("app", tags: ["team": "app"], profile: profile),
            ], message: "round \(point): \(profile)")
            // Kill once this many calls have been announced: spread over the run's calls.
            let killAfter = 1 + point * Self.changes / max(1, Self.points)
            let sent = try await Self.killApply(in: world, afterIntents: killAfter)

            let recovery = try await world.rolesync("apply", "--auto-approve", "--format", "json")
            #expect(recovery.exitCode == 0, "round \(point): \(recovery.output)")
            #expect(!sent.isEmpty, "round \(point): the kill came before any mutation was sent")
            #expect(recovery.stderr.contains("recovered interrupted run"), "round \(point): \(recovery.stderr)")
            await #expect(try world.plan().mutations.isEmpty, "round \(point) left changes to make")
            let live = try await world.fleet.associations()
            #expect(ids.values.allSatisfy { live[$0] == profile }, "round \(point): \(live)")

            let recorded = try await Self.recordedCalls(in: world)
            for call in sent {
                #expect(recorded.contains(call), "round \(point): \(call) was sent and is in no decision record")
            }
        }
    }

    /// Starts `apply`, SIGKILLs it once the journal holds `count` intents (or when it ends);
    /// returns the calls the journal says were sent, as `instance call`.
    static func killApply(in world: World, afterIntents count: Int) async throws -> Set<String> {
        let process = try DaemonProcess(
            ["apply", "--auto-approve", "--repo", world.repo.path],
            environment: [
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                "HOME": world.directory.path, "XDG_CACHE_HOME": world.directory.url.appendingPathComponent("cache").path,
                "AWS_ENDPOINT_URL": try #require(world.server).endpoint,
            ])
        let journalFolder = world.directory.url.appendingPathComponent("cache/rolesync/journal")
        let deadline = ContinuousClock.now + .seconds(120)
        while process.isRunning, ContinuousClock.now < deadline {
            if try journalIntents(in: journalFolder).count >= count { break }
            try await Task.sleep(for: .milliseconds(2))
        }
        try await process.kill()
        return try journalIntents(in: journalFolder)
    }

    static func journalIntents(in folder: URL) throws -> Set<String> {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        var calls = Set<String>()
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      entry["event"] as? String == "intent", let call = entry["call"] as? [String: Any],
                      let instance = call["instanceId"] as? String, let name = call["call"] as? String
                else { continue }
                calls.insert("\(instance) \(name)")
            }
        }
        return calls
    }

    /// Every call any decision record accounts for: its executed actions (as the calls they
    /// make) and the calls of the interrupted runs it folded in.
    static func recordedCalls(in world: World) async throws -> Set<String> {
        var calls = Set<String>()
        for commit in try await world.decisionCommits() {
            let message = try await world.repo.git("log", "-1", "--format=%B", commit)
            guard let path = message.split(separator: "\n").first(where: { $0.hasPrefix("Record: ") })?.dropFirst(8) else { continue }
            let record = try DecisionRecord.decode(from: Data(try await world.repo.git("show", "\(commit):\(path)").utf8))
            for action in record.actions where action.status == .succeeded || action.status == .failed {
                switch (action.type, action.strategy) {
                case (.associate, _): calls.insert("\(action.instanceId) associate")
                case (.disassociate, _): calls.insert("\(action.instanceId) disassociate")
                case (.replace, .disassociateAssociate?):
                    calls.insert("\(action.instanceId) disassociate")
                    calls.insert("\(action.instanceId) associate")
                case (.replace, _): calls.insert("\(action.instanceId) replace")
                default: break
                }
            }
            for run in record.interrupted ?? [] {
                for call in run.calls { calls.insert("\(call.instanceId) \(call.call)") }
            }
        }
        return calls
    }
}
