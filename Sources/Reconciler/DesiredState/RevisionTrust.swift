import GitStore
import RoleSyncCore

/// What the desired revision must prove before a run acts on it. The operator's setting (flag
/// or daemon configuration), never read from the repository it protects.
public struct TrustSettings: Sendable, Hashable {
    /// Keys whose SSH signatures make a commit trusted (`--allowed-signers`).
    public var allowedSigners: AllowedSigners?
    /// Refuse a commit that is not signed by one of `allowedSigners` (`--require-signed-commits`).
    public var requireSignedCommits: Bool
    /// Act even when the revision does not descend from the last one applied
    /// (`--allow-non-fast-forward`, for one run).
    public var allowNonFastForward: Bool

    public init(allowedSigners: AllowedSigners? = nil, requireSignedCommits: Bool = false, allowNonFastForward: Bool = false) {
        self.allowedSigners = allowedSigners
        self.requireSignedCommits = requireSignedCommits
        self.allowNonFastForward = allowNonFastForward
    }
}

/// The history and signature facts of one desired revision, as a source reports them.
public protocol RevisionHistory: Sendable {
    /// Whether `ancestor` is `revision` or one of its ancestors (false when it is unknown).
    func history(of revision: String, contains ancestor: String) async throws -> Bool
    /// The verdict on the SSH signature of `revision`'s commit.
    func signature(of revision: String, allowedSigners: AllowedSigners) async throws -> CommitSignatureVerdict
}

/// Judges a revision before mutations: first its history, then its signature.
public enum RevisionTrust {
    /// The refusal for `revision`, or nil when the run may act on it.
    ///
    /// The history check needs a previous applied revision; the first run has none. A working
    /// tree (`--worktree`) has no history to check, and no signature: it is refused only when
    /// signatures are required.
    public static func refusal(
        of revision: String, lastApplied: String?, settings: TrustSettings, history: (any RevisionHistory)?
    ) async throws -> RevisionRefusal? {
        let isCommit = revision != "worktree"
        guard let history else {
            guard settings.requireSignedCommits else { return nil }
            return RevisionRefusal(
                reason: .uncommittedState, revision: revision,
                detail: "signed commits are required, and the desired state has no commit to verify")
        }
        if isCommit, !settings.allowNonFastForward, let lastApplied, lastApplied != revision,
           try await !history.history(of: revision, contains: lastApplied) {
            return RevisionRefusal(
                reason: .historyRewritten, revision: revision, lastApplied: lastApplied,
                detail: "\(revision.prefix(12)) does not descend from \(lastApplied.prefix(12)), the revision rolesync last applied: the branch was force-pushed or its history rewritten. Check the change, then run once with --allow-non-fast-forward")
        }
        guard settings.requireSignedCommits else { return nil }
        guard isCommit else {
            return RevisionRefusal(
                reason: .uncommittedState, revision: revision,
                detail: "signed commits are required, and --worktree reads files no signature covers")
        }
        guard let signers = settings.allowedSigners else {
            return RevisionRefusal(
                reason: .untrustedSignature, revision: revision,
                detail: "signed commits are required but no --allowed-signers file was given")
        }
        let verdict = try await history.signature(of: revision, allowedSigners: signers)
        guard let why = verdict.refusal else { return nil }
        let reason: RevisionRefusal.Reason = why == .unsigned ? .unsignedCommit : .untrustedSignature
        return RevisionRefusal(
            reason: reason, revision: revision,
            detail: "commit \(revision.prefix(12)) cannot be trusted: \(why) (allowed signers: \(signers.file))")
    }
}
