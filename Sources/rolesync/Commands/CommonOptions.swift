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
