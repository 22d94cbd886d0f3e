import Foundation
import RoleSyncCore
import Testing
import TestSupport

/// The Git side made trustworthy, end to end with the built binary: a desired state reached
/// over a real `sshd`, commits that must be SSH-signed by an allowed key, and history that
/// must continue what was applied.
@Suite(.serialized) struct GitTrustTests {
    static let suite = "git-trust"

    /// The world's repository served bare over SSH, with keys to sign and to log in.
    struct SignedRemote {
        let world: World
        let server: SSHGitServer
        let signer: SSHKey
        let bare: String
        let knownHosts: URL
        let allowedSigners: URL
        let cache: String
        /// Instance ids by fleet key.
        let ids: [String: String]

        var url: String { server.url(bare) }

        /// `rolesync ARGUMENTS` against the SSH remote with signatures required.
        func rolesync(_ arguments: String...) async throws -> ProcessResult {
            try await world.rolesync(arguments + [
                "--repo", url, "--cache-dir", cache, "--ssh-key", server.clientKey.path,
                "--ssh-known-hosts", knownHosts.path, "--allowed-signers", allowedSigners.path,
                "--require-signed-commits",
            ])
        }

        /// Pushes `files` to the served repository as another clone would, signed or not.
        @discardableResult
        func push(_ files: [String: String], signed: Bool, name: String) async throws -> String {
            let clone = try await GitFixture.clone(bare, as: name, in: world.directory)
            let sha = signed ? try await clone.commitSigned(files, message: "Signed change", key: signer)
                : try await clone.commit(files, message: "Unsigned change")
            try await clone.git("push", "--quiet", "origin", "main")
            return sha
        }

        /// The subjects of the decision commits pushed to the served repository, newest first.
        func pushedDecisions() async throws -> [String] {
            try await GitCLI.run(["--git-dir", bare, "log", "--format=%s", "rolesync/decisions"]).split(separator: "\n").map(String.init)
        }
    }

    func signedRemote(_ world: World) async throws -> SignedRemote {
        let signer = try await SSHKey.generate(.ed25519, named: "signer", in: world.directory)
        let ids = try await world.fleet.seed(profiles: TwoRegionFleet.profiles, instances: TwoRegionFleet.instances)
        try await world.repo.commitSigned(TwoRegionFleet.manifests(), message: "Desired instance roles", key: signer)
        let bare = world.directory.url.appendingPathComponent("served.git").path
        try await GitCLI.run(["clone", "--quiet", "--bare", world.repo.path, bare])
        let server = try await SSHGitServer.start(in: world.directory)
        let knownHosts = try world.directory.write(server.knownHostsLine + "\n", to: "known_hosts")
        let allowed = try world.directory.write(signer.allowedSignersLine(principal: "platform@example.com") + "\n", to: "allowed_signers")
        return SignedRemote(
            world: world, server: server, signer: signer, bare: bare, knownHosts: knownHosts, allowedSigners: allowed,
            cache: world.directory.url.appendingPathComponent("clones").path, ids: ids)
    }

    @Test func theDaemonRunsASignedDesiredStateOverSSHAndPushesItsDecision() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        let remote = try await signedRemote(world)
        defer { remote.server.process.stop() }

        let run = try await remote.rolesync("run", "--once")
        #expect(run.exitCode == 0, "\(run.output)")
        let live = try await TwoRegionFleet.associations(in: world)
        for (id, profile) in TwoRegionFleet.byId(TwoRegionFleet.convergedProfiles, ids: remote.ids) {
            #expect(live[id] == profile, "\(id)")
        }
        let pushed = try await remote.pushedDecisions()
        #expect(pushed.count == 1)
        #expect(pushed.first?.hasPrefix("rolesync: ") == true && pushed.first?.contains("refused") == false, "\(pushed)")

        // An unsigned commit on top: refused, recorded and pushed, nothing changed.
        let before = try await TwoRegionFleet.associations(in: world)
        let unsigned = try await remote.push(
            ["teams/web.yaml": ManifestText.assignment("web", tags: TwoRegionFleet.web, profile: "payments-ec2")],
            signed: false, name: "unsigned")
        let refused = try await remote.rolesync("run", "--once")
        #expect(refused.exitCode == 1, "\(refused.output)")
        #expect(refused.output.contains("commit \(unsigned.prefix(12)) cannot be trusted: it is not signed"), "\(refused.output)")
        await #expect(try TwoRegionFleet.associations(in: world) == before)
        await #expect(try remote.pushedDecisions().first == "rolesync: refused (unsigned-commit) at \(unsigned.prefix(7))")

        // The same commit again: still refused, recorded once.
        await #expect(try remote.rolesync("run", "--once").exitCode == 1)
        await #expect(try remote.pushedDecisions().count == 2)

        // Signed by an allowed key on top of it: acted on.
        try await remote.push(
            ["teams/web.yaml": ManifestText.assignment("web", tags: TwoRegionFleet.web, profile: "web-ec2")],
            signed: true, name: "signed")
        let accepted = try await remote.rolesync("run", "--once")
        #expect(accepted.exitCode == 0, "\(accepted.output)")
    }

    @Test func aForcePushStopsMutationsUntilAnApplyAcknowledgesIt() async throws {
        let world = try await World.make(suite: Self.suite)
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world)
        await #expect(try world.rolesync("apply", "--auto-approve").exitCode == 0)
        let applied = try await TwoRegionFleet.associations(in: world)

        // Rewrite the applied commit: same branch, a history that no longer holds it.
        var manifests = TwoRegionFleet.manifests()
        manifests["teams/web.yaml"] = ManifestText.assignment("web", tags: TwoRegionFleet.web, profile: "payments-ec2")
        for (path, text) in manifests { try world.repo.write(text, to: path) }
        try await world.repo.git("add", "--all")
        try await world.repo.git("commit", "--quiet", "--amend", "-m", "Rewritten")
        let rewritten = try await world.repo.revParse("HEAD")

        let refused = try await world.rolesync("run", "--once")
        #expect(refused.exitCode == 1, "\(refused.output)")
        #expect(refused.output.contains("does not descend from"), "\(refused.output)")
        #expect(refused.output.contains("--allow-non-fast-forward"), "\(refused.output)")
        await #expect(try TwoRegionFleet.associations(in: world) == applied)
        let record = try await #require(try world.decisionCommits().first)
        await #expect(try world.repo.git("log", "-1", "--format=%s", record) == "rolesync: refused (history-rewritten) at \(rewritten.prefix(7))")

        let apply = try await world.rolesync("apply", "--auto-approve")
        #expect(apply.exitCode == 1, "\(apply.output)")
        await #expect(try TwoRegionFleet.associations(in: world) == applied)

        let acknowledged = try await world.rolesync("apply", "--auto-approve", "--allow-non-fast-forward")
        #expect(acknowledged.exitCode == 0, "\(acknowledged.output)")
        await #expect(try TwoRegionFleet.associations(in: world) != applied)
        // The daemon goes on from the acknowledged revision.
        let next = try await world.rolesync("run", "--once")
        #expect(next.exitCode == 0, "\(next.output)")
    }
}

/// Decisions pushed over HTTPS with the token the repository was read with; a token that may
/// read but not push keeps the record pending, and the next run with a writing token lands it.
@Suite(.serialized) struct HTTPSDecisionPushTests {
    @Test func aPushRefusedForItsTokenKeepsTheRecordForTheNextRun() async throws {
        let world = try await World.make(suite: "git-https")
        defer { world.remove() }
        try await TwoRegionFleet.seed(in: world)
        let served = world.directory.url.appendingPathComponent("served", isDirectory: true)
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        let bare = served.appendingPathComponent("desired.git").path
        try await GitCLI.run(["clone", "--quiet", "--bare", world.repo.path, bare])
        let writer = "rs-write-token-5c1e9a", reader = "rs-read-token-0b7d22"
        let server = try await GitHTTPServer.start(serving: served, user: "x-access-token", token: writer, readOnlyToken: reader)
        defer { server.process.stop() }
        let readOnly = try world.directory.write(reader + "\n", to: "read-token")
        let writing = try world.directory.write(writer + "\n", to: "write-token")
        let url = server.url("desired.git")
        let cache = world.directory.url.appendingPathComponent("clones").path

        let refused = try await world.rolesync("apply", "--auto-approve", "--repo", url, "--cache-dir", cache, "--git-token-file", readOnly.path)
        #expect(refused.exitCode == 1, "\(refused.output)")
        #expect(refused.stderr.contains("the server refused the credentials for user 'x-access-token'"), "\(refused.output)")
        #expect(refused.stderr.contains(url), "\(refused.output)")
        #expect(refused.stderr.contains("will be committed by the next run"), "\(refused.output)")
        #expect(!refused.output.contains(reader) && !refused.output.contains(writer))
        await #expect(try GitCLI.run(["--git-dir", bare, "branch", "--list", "rolesync/decisions"]).isEmpty)

        let landed = try await world.rolesync("apply", "--auto-approve", "--repo", url, "--cache-dir", cache, "--git-token-file", writing.path)
        #expect(landed.exitCode == 0, "\(landed.output)")
        let pushed = try await GitCLI.run(["--git-dir", bare, "log", "--format=%s", "rolesync/decisions"]).split(separator: "\n")
        #expect(pushed.count == 1, "\(pushed)")  // the kept record; the second run had nothing new
        #expect(pushed.first?.hasPrefix("rolesync: ") == true)
        let kept = FileManager.default.enumerator(atPath: cache)?.allObjects.compactMap { $0 as? String }
            .filter { $0.contains("pending-decisions/") && $0.hasSuffix(".json") } ?? []
        #expect(kept.isEmpty, "\(kept)")
    }
}
