import ArgumentParser
import Foundation

/// Where the desired state comes from.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: "Desired-state repository: a local path or a URL (file://, https://, ssh://).")
    var repo: String = "."

    @Option(name: .long, help: "Branch, tag, commit or HEAD to read the manifests at.")
    var ref: String = "HEAD"

    @Option(name: .long, help: "Only read manifests under this folder of the repository.")
    var path: String?

    @Flag(name: .long, help: "Read the working tree, uncommitted edits included, instead of a commit.")
    var worktree: Bool = false

    @Option(name: .long, help: "Folder that holds clones of remote repositories.")
    var cacheDir: String?

    @OptionGroup var git: GitAccessOptions
}

/// How to log in to a private remote and which SSH hosts to trust.
struct GitAccessOptions: ParsableArguments {
    @Option(name: .long, help: "Private key for SSH remotes (default: the SSH agent, SSH_AUTH_SOCK).")
    var sshKey: String?

    @Option(name: .long, help: "File holding the --ssh-key passphrase.")
    var sshKeyPassphraseFile: String?

    @Option(name: .long, help: "Known-hosts file that vouches for SSH host keys. Default: ~/.ssh/known_hosts.")
    var sshKnownHosts: String?

    @Option(name: .long, help: "File holding the HTTPS token or password (or set ROLESYNC_GIT_TOKEN).")
    var gitTokenFile: String?

    @Option(name: .long, help: "HTTPS user beside the token. Default: the URL's, else x-access-token (GitHub), oauth2 (GitLab), x-token-auth (Bitbucket).")
    var gitUser: String?
}

/// What the desired revision must prove before `apply` or the daemon change anything.
struct TrustOptions: ParsableArguments {
    @Option(name: .long, help: "Allowed-signers file (ssh-keygen format) of the keys trusted to sign the desired state.")
    var allowedSigners: String?

    @Flag(name: .long, help: "Refuse to act unless the desired commit is SSH-signed by a key of --allowed-signers.")
    var requireSignedCommits: Bool = false
}

/// How to reach AWS; flags win over the SDK environment variables.
struct AWSOptions: ParsableArguments {
    @Option(name: .long, help: "Region to read (repeatable); default: the policy's regions, else AWS_REGION.")
    var region: [String] = []

    @Option(name: .long, help: "Named profile from the shared AWS config files.")
    var profile: String?

    @Option(name: .long, help: "Endpoint URL for every AWS service (as AWS_ENDPOINT_URL).")
    var endpointUrl: String?
}

/// Output format of plan and drift reports.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, sarif, junit, html
}

struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text, json, markdown, sarif, junit or html.")
    var format: ReportFormat = .text

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var out: String?

    @Flag(name: .long, help: "Exit 2 when there is drift or there are planned changes.")
    var detailedExitcode: Bool = false
}
