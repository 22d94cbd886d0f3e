import Foundation
import GitStore
import RoleSyncCore
import Testing
@testable import Reconciler

/// A commit graph and signature verdicts in memory.
struct FakeHistory: RevisionHistory {
    /// revision → its ancestors (itself excluded).
    var ancestors: [String: Set<String>] = [:]
    var verdicts: [String: SignatureOutcome] = [:]

    func history(of revision: String, contains ancestor: String) async throws -> Bool {
        revision == ancestor || ancestors[revision, default: []].contains(ancestor)
    }

    func signature(of revision: String, allowedSigners: AllowedSigners) async throws -> CommitSignatureVerdict {
        CommitSignatureVerdict(
            commit: revision, committerTime: Date(timeIntervalSince1970: 0), outcome: verdicts[revision] ?? .refused(.unsigned))
    }
}

@Suite struct RevisionTrustTests {
    static let signers = AllowedSigners(file: "/etc/rolesync/allowed_signers", signers: [])
    let history = FakeHistory(
        ancestors: ["c3": ["c2", "c1"], "c2": ["c1"], "x2": ["c1"]],
        verdicts: ["c3": .trusted(principal: "ops@example.com", keyFingerprint: "SHA256:abc"), "x2": .refused(.untrustedKey(fingerprint: "SHA256:zzz"))])

    func refusal(_ revision: String, lastApplied: String?, _ settings: TrustSettings = TrustSettings()) async throws -> RevisionRefusal? {
        try await RevisionTrust.refusal(of: revision, lastApplied: lastApplied, settings: settings, history: history)
    }

    @Test func aRevisionThatContinuesTheAppliedOneIsAccepted() async throws {
        #expect(try await refusal("c3", lastApplied: "c2") == nil)
        #expect(try await refusal("c3", lastApplied: "c3") == nil)
        #expect(try await refusal("c3", lastApplied: nil) == nil)  // the first run has nothing to continue
    }

    @Test func aRewrittenHistoryIsRefusedUnlessAcknowledged() async throws {
        let refused = try #require(try await refusal("x2", lastApplied: "c2"))
        #expect(refused.reason == .historyRewritten)
        #expect(refused.lastApplied == "c2")
        #expect(refused.detail.contains("x2 does not descend from c2"))
        #expect(refused.detail.contains("--allow-non-fast-forward"))
        #expect(try await refusal("x2", lastApplied: "c2", TrustSettings(allowNonFastForward: true)) == nil)
        #expect(try await refusal("x2", lastApplied: "gone") != nil)
    }

    @Test func signaturesAreJudgedOnlyWhenRequired() async throws {
        let required = TrustSettings(allowedSigners: Self.signers, requireSignedCommits: true)
        #expect(try await refusal("c3", lastApplied: "c2", required) == nil)
        #expect(try await refusal("c2", lastApplied: "c1", required)?.reason == .unsignedCommit)
        let untrusted = try #require(try await refusal("x2", lastApplied: "c1", required))
        #expect(untrusted.reason == .untrustedSignature)
        #expect(untrusted.detail.contains("SHA256:zzz"))
        #expect(untrusted.detail.contains("/etc/rolesync/allowed_signers"))
        #expect(try await refusal("c2", lastApplied: "c1") == nil)
        let noFile = try #require(try await refusal("c3", lastApplied: nil, TrustSettings(requireSignedCommits: true)))
        #expect(noFile.detail.contains("--allowed-signers"))
    }

    @Test func aWorkingTreeHasNoHistoryAndNoSignature() async throws {
        #expect(try await refusal("worktree", lastApplied: "c2") == nil)
        let required = TrustSettings(allowedSigners: Self.signers, requireSignedCommits: true)
        #expect(try await refusal("worktree", lastApplied: "c2", required)?.reason == .uncommittedState)
        let noHistory = try await RevisionTrust.refusal(of: "c3", lastApplied: nil, settings: required, history: nil)
        #expect(noHistory?.reason == .uncommittedState)
    }

    @Test func aRefusedConvergeChangesNothingAndIsRecordedOnce() async throws {
        let fleet = FakeFleet(instances: ["i-1": "web"], assignments: ["i-1": "db"])
        let recorder = MemoryRecorder()
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let applied = DecisionRecord(
            runId: "earlier", desiredRevision: "c0ffee", planHash: "h", targets: [], startedAt: Date(), finishedAt: Date(),
            drift: [], actions: [])
        _ = try await recorder.record(applied)
        var reconciliation = fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache)
        reconciliation.ports.history = FakeHistory()

        for _ in 0..<2 {
            let observed = try await reconciliation.observe()
            await #expect(throws: RevisionRefusal.self) {
                _ = try await reconciliation.converge(observed.plan, observed: observed, startedAt: Date())
            }
        }
        #expect(await fleet.executed.isEmpty)
        let records = await recorder.records
        #expect(records.count == 2)
        #expect(records.last?.refusal?.reason == .historyRewritten)
        #expect(records.last?.refusal?.lastApplied == "c0ffee")
        #expect(records.last?.commitMessage().hasPrefix("rolesync: refused (history-rewritten) at 4f2a9c1") == true)
        // Refusals are skipped when looking for what was applied last.
        #expect(try await recorder.lastAppliedRevision() == "c0ffee")
    }

    @Test func unreadableDecisionRecordsRefuseRatherThanSkipTheCheck() async throws {
        let fleet = FakeFleet(instances: ["i-1": "web"], assignments: ["i-1": "db"])
        let recorder = MemoryRecorder()
        await recorder.setFailReads(true)
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        var reconciliation = fakeReconciliation(fleet: fleet, recorder: recorder, cache: cache)
        reconciliation.ports.history = FakeHistory()
        let observed = try await reconciliation.observe()
        let error = await #expect(throws: RevisionRefusal.self) {
            _ = try await reconciliation.converge(observed.plan, observed: observed, startedAt: Date())
        }
        #expect(error?.detail.contains("decision records could not be read") == true)
        #expect(await fleet.executed.isEmpty)
    }
}
