import Foundation
import CLibGit2

/// A failed Git operation, with enough context to act on it: what was attempted, on which
/// path, URL, ref or branch, and what libgit2 said.
///
/// `kind` tells callers how to handle the failure: `tipMoved` and `pushRejected` mean "fetch,
/// rebuild on the new tip and retry"; `notFound` names a missing ref, path or repository.
public struct GitError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// libgit2 reported a failure that has no more specific meaning here.
        case failed
        /// A repository, ref, commit or path does not exist.
        case notFound
        /// Compare-and-swap lost: the branch is no longer at the tip the caller built on.
        case tipMoved(branch: String, expected: String?, actual: String?)
        /// The remote refused the update, typically because it is not a fast-forward.
        case pushRejected(branch: String, reason: String)
        /// The repository has no `origin` remote to fetch from or push to.
        case noRemote
        /// The operation needs a working tree, but the repository is bare.
        case bareRepository
        /// The caller passed something unusable, such as a path escaping the repository.
        case invalidArgument
        /// A read met entries it must not read: unsafe names, or files past its `ReadLimits`.
        case refused([RefusedEntry])
        /// The remote would not let us in, or we would not log in: no or wrong credentials.
        case authenticationFailed
        /// An SSH host key that the known-hosts file does not vouch for.
        case hostKeyRejected
    }

    public var kind: Kind
    /// What was being attempted, e.g. "open repository" or "resolve ref".
    public var operation: String
    /// The path, URL, ref or branch the operation was about.
    public var subject: String?
    /// libgit2's return code, when libgit2 reported the failure.
    public var code: Int32?
    /// libgit2's error message (from `git_error_last` right after the failing call), or ours.
    public var message: String

    public init(kind: Kind, operation: String, subject: String?, code: Int32? = nil, message: String) {
        self.kind = kind
        self.operation = operation
        self.subject = subject.map(Self.withoutCredentials)
        self.code = code
        self.message = message
    }

    public var description: String {
        var text = "git: \(operation)"
        if let subject { text += " '\(subject)'" }
        text += " failed: \(message)"
        if let code { text += " (libgit2 error \(code))" }
        return text
    }

    /// Builds an error from libgit2's thread-local error state.
    ///
    /// Must be called on the same thread, right after the failing call: `git_error_last` is
    /// per thread and the next libgit2 call may overwrite it.
    static func libgit2(
        _ code: Int32, operation: String, subject: String?, kind: Kind? = nil
    ) -> GitError {
        var message = "unknown libgit2 error"
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
        }
        let inferred: Kind
        switch code {
        case GIT_ENOTFOUND.rawValue: inferred = .notFound
        case GIT_EAUTH.rawValue: inferred = .authenticationFailed
        case GIT_ECERTIFICATE.rawValue: inferred = .hostKeyRejected
        default: inferred = .failed
        }
        return GitError(kind: kind ?? inferred, operation: operation, subject: subject, code: code, message: message)
    }
}

/// Throws a `GitError` when a libgit2 call returned a negative code.
///
/// Use it directly around the call, `try check(git_x(...), "operation", subject)`, so the error
/// message is read before any other libgit2 call.
@discardableResult
func check(_ code: Int32, _ operation: String, _ subject: String?) throws -> Int32 {
    guard code < 0 else { return code }
    throw GitError.libgit2(code, operation: operation, subject: subject)
}

extension GitError {
    /// The error for a read that refused `entries`; its message lists them, escaped.
    static func refused(_ entries: [RefusedEntry], reading subject: String) -> GitError {
        GitError(kind: .refused(entries), operation: "read files at", subject: subject,
                 message: entries.map(\.description).joined(separator: "; "))
    }

    /// A URL such as `https://user:token@host/repo.git` with its secret removed: errors are
    /// printed and logged, tokens must not be.
    static func withoutCredentials(_ subject: String) -> String {
        guard subject.contains("@"), let address = RemoteAddress(parsing: subject) else { return subject }
        return address.url
    }
}
