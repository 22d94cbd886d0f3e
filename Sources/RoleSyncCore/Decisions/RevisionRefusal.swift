/// Why a run would not act on the desired state's commit: its history does not continue what
/// rolesync last applied, or it is not signed by a key the operator trusts. A refusal is itself
/// recorded, so the audit trail shows the attempt and the reason.
public struct RevisionRefusal: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable, Codable {
        /// The revision does not descend from the last one applied: a force-push or a rewrite.
        case historyRewritten = "history-rewritten"
        /// Signatures are required and the commit has none.
        case unsignedCommit = "unsigned-commit"
        /// The commit is signed, but not validly by a key of the allowed-signers file.
        case untrustedSignature = "untrusted-signature"
        /// Signatures are required and the desired state is not a commit (`--worktree`).
        case uncommittedState = "uncommitted-state"
    }

    public var reason: Reason
    /// The commit that was refused (or `worktree`).
    public var revision: String
    /// The last revision rolesync applied, for a rewritten history.
    public var lastApplied: String?
    /// What exactly is wrong, and how to go on.
    public var detail: String

    public init(reason: Reason, revision: String, lastApplied: String? = nil, detail: String) {
        self.reason = reason
        self.revision = revision
        self.lastApplied = lastApplied
        self.detail = detail
    }

    public var description: String {
        "refusing to act on \(revision): \(detail); nothing was changed"
    }
}
