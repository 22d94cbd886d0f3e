/// How rolesync logs in to Git remotes and which SSH hosts it trusts. Built once by the
/// command line from flags, environment and the daemon's configuration, then handed to every
/// clone, fetch and push of the store.
public struct GitAccess: Sendable, Hashable {
    /// Private key for SSH remotes (`--ssh-key`); the SSH agent is used when there is none.
    public var sshKeyFile: String?
    public var sshKeyPassphrase: GitSecret?
    /// True when an SSH agent is running (`SSH_AUTH_SOCK` set); libssh2 finds its socket.
    public var sshAgentAvailable: Bool
    /// The known-hosts file every SSH host key is checked against (`--ssh-known-hosts`).
    /// Without one, no SSH connection is made: there is no "accept any host key".
    public var knownHostsFile: String?
    /// User for HTTPS (`--git-user`); default: the address's user, else the host's convention.
    public var httpUser: String?
    /// Token or password for HTTPS (`--git-token-file`, `ROLESYNC_GIT_TOKEN`).
    public var httpSecret: GitSecret?

    public init(
        sshKeyFile: String? = nil, sshKeyPassphrase: GitSecret? = nil, sshAgentAvailable: Bool = false,
        knownHostsFile: String? = nil, httpUser: String? = nil, httpSecret: GitSecret? = nil
    ) {
        self.sshKeyFile = sshKeyFile
        self.sshKeyPassphrase = sshKeyPassphrase
        self.sshAgentAvailable = sshAgentAvailable
        self.knownHostsFile = knownHostsFile
        self.httpUser = httpUser
        self.httpSecret = httpSecret
    }

    /// No credentials and no trusted SSH hosts: enough for local paths and public HTTPS.
    public static let anonymous = GitAccess()

    /// The HTTPS user when none was given: the name each forge expects beside a token.
    static func conventionalUser(forHost host: String) -> String {
        let host = host.lowercased()
        if host == "github.com" || host.hasSuffix(".github.com") || host.hasSuffix("ghe.com") { return "x-access-token" }
        if host == "gitlab.com" || host.hasPrefix("gitlab.") { return "oauth2" }
        if host == "bitbucket.org" { return "x-token-auth" }
        return "x-access-token"
    }
}
