/// Where a `--repo` argument points: a repository on this machine, or one to clone.
public enum RepositorySource: Sendable, Hashable {
    case local(path: String)
    case remote(url: String)

    /// Classifies a `--repo` value.
    ///
    /// Anything with a URL scheme (`file://`, `https://`, `ssh://`, `git://`) and scp-like
    /// `user@host:path` addresses are remote; everything else is a local path. `file://` URLs
    /// are treated as remote on purpose: they get the same clone-and-push path as a server.
    public init(parsing value: String) {
        if Self.hasURLScheme(value) || Self.isSCPLike(value) {
            self = .remote(url: value)
        } else {
            self = .local(path: value)
        }
    }

    private static func hasURLScheme(_ value: String) -> Bool {
        guard let range = value.range(of: "://") else { return false }
        let scheme = value[..<range.lowerBound]
        guard let first = scheme.first, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// `git@github.com:org/repo.git`: a user, a host, a colon, and no slash before the colon.
    static func isSCPLike(_ value: String) -> Bool {
        guard let colon = value.firstIndex(of: ":"), let at = value.firstIndex(of: "@"),
              at < colon else { return false }
        let user = value[..<at]
        let host = value[value.index(after: at)..<colon]
        return !user.isEmpty && !host.isEmpty && !user.contains("/") && !host.contains("/")
    }
}
