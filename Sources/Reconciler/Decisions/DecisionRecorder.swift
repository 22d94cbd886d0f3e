import Foundation
import GitStore
import RoleSyncCore

/// Keeps decision records: the audit trail of every run that changed, blocked or found something.
public protocol DecisionRecorder: Sendable {
    /// The newest record on the decisions branch, to tell whether a run has anything new to say.
    func latestRecord() async throws -> DecisionRecord?
    /// Writes one record as one commit; returns the commit id.
    func record(_ record: DecisionRecord) async throws -> String
    /// The desired revision of the newest record that was not a refusal: what rolesync last
    /// acted on, which the next revision must descend from. Refusals are passed over: a
    /// refused run acted on nothing.
    func lastAppliedRevision() async throws -> String?
}

/// Writes each record as a commit on the decisions branch of the desired-state repository,
/// straight into the object database (no working tree), with compare-and-swap on the branch
/// tip. When the repository has a remote the commit is pushed; a tip that moved (locally or
/// on the remote) is fetched and the commit is made again on top, so no record is lost.
public struct GitDecisionRecorder: DecisionRecorder {
    public var store: GitStore
    public var branch: String
    public var author: GitSignature
    public var maxAttempts: Int

    public init(store: GitStore, branch: String, author: GitSignature, maxAttempts: Int = 5) {
        self.store = store
        self.branch = branch
        self.author = author
        self.maxAttempts = maxAttempts
    }

    /// Only a repository given as a remote URL (kept as a cache clone whose branches follow the
    /// remote's) is fetched and pushed. A local checkout's decisions stay local, for its owner
    /// to push: its branch does not follow `origin` on fetch, and its remotes are the owner's.
    var syncsWithRemote: Bool {
        if case .remote = store.source { return true }
        return false
    }

    public func latestRecord() async throws -> DecisionRecord? {
        guard let commit = try await store.log(branch: branch, limit: 1).first,
              let path = Self.recordPath(in: commit.message),
              let data = try await store.readFile(path, at: commit.sha)
        else { return nil }
        return try? DecisionRecord.decode(from: data)
    }

    /// Walks back over refusals and working-tree runs (at most `lookBack` commits) to the last
    /// run that acted on a commit. Commits without a `Record:` trailer (made by hand) are
    /// passed over; a record that cannot be read is an error, since its run may have been the
    /// last that acted, and guessing would let a rewritten history through.
    public func lastAppliedRevision() async throws -> String? {
        let lookBack = 200
        for commit in try await store.log(branch: branch, limit: lookBack) {
            guard let path = Self.recordPath(in: commit.message) else { continue }
            guard let data = try await store.readFile(path, at: commit.sha) else {
                throw GitError(kind: .notFound, operation: "read decision record", subject: "\(commit.sha.prefix(12)):\(path)",
                               message: "the commit names a record file it does not hold")
            }
            let record = try DecisionRecord.decode(from: data)
            if record.refusal == nil, record.desiredRevision != "worktree" { return record.desiredRevision }
        }
        return nil
    }

    public func record(_ record: DecisionRecord) async throws -> String {
        let file = GitFile(path: record.path, contents: record.encodeJSON())
        let message = record.commitMessage() + "Record: \(record.path)\n"
        var lastError: (any Error)?
        for _ in 0..<maxAttempts {
            do {
                if syncsWithRemote { try await store.fetch() }
                let tip = try await store.branchTip(branch)
                if let tip, let existing = try await commitHolding(record.path, tip: tip) {
                    // Committed before (a lost push answer, a crash before the kept copy was
                    // removed): push what is there, never commit the same run twice.
                    if syncsWithRemote { try await store.push(branch: branch) }
                    return existing
                }
                let sha = try await store.commit(
                    files: [file], onto: branch, expectedTip: tip, message: message, author: author)
                if syncsWithRemote { try await store.push(branch: branch) }
                return sha
            } catch let error as GitError where error.isRetryableRace {
                lastError = error
            }
        }
        throw lastError ?? GitError(kind: .failed, operation: "record decision", subject: branch, message: "gave up")
    }

    /// The commit on the branch that added `path`, when the tip holds that file.
    func commitHolding(_ path: String, tip: String) async throws -> String? {
        guard try await store.readFile(path, at: tip) != nil else { return nil }
        let recent = try await store.log(branch: branch, limit: 200)
        return recent.first { Self.recordPath(in: $0.message) == path }?.sha ?? tip
    }

    /// The `Record:` trailer names the record file of a decision commit.
    public static func recordPath(in message: String) -> String? {
        message.split(separator: "\n").reversed().first { $0.hasPrefix("Record: ") }
            .map { String($0.dropFirst("Record: ".count)) }
    }
}

extension GitError {
    /// Lost a race with another writer: fetch, rebuild on the new tip and try again.
    var isRetryableRace: Bool {
        switch kind {
        case .tipMoved, .pushRejected: true
        default: false
        }
    }
}
