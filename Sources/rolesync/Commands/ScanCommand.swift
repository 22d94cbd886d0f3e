import ArgumentParser
import Foundation
import Reconciler
import RoleSyncCore

/// `rolesync scan`: find AWS keys embedded in files, in a Git repository's history, or in the
/// user-data of live instances.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find AWS keys in files, Git history or instances' user-data; exit 2 when any is found.",
        discussion: """
            Found keys are shown redacted: the first four and last four characters of a key id, \
            nothing of a secret key. A line with `rolesync:allow <reason>` is accepted, and so are \
            the findings of a --baseline file (an earlier `--format json` answer). User-data that \
            cannot be read in full is listed as "could not inspect" and also exits 2. Keys of \
            canary-token accounts are shown as canaries and do not fail the scan. --verify signs \
            STS GetCallerIdentity with each key pair found (a call made with someone else's \
            credentials: off unless asked for; never for canaries) and reports it live (with \
            the identity), revoked or unknown. Exit 0: nothing found; 2: found; 1: error.
            """)

    @Argument(help: "Files or folders to scan (default: the current folder); with --git, the repository (path or URL).")
    var paths: [String] = []

    @Flag(name: .long, help: "Scan every commit of a Git repository's branches instead of files.")
    var git: Bool = false

    @Option(name: .long, help: "With --git: only commits after this revision, or authored since this date (2026-01-31).")
    var since: String?

    @Option(name: .long, help: "With --git: `all` local branches (default), or a comma-separated list.")
    var branches: String = "all"

    @Option(name: .long, help: "Files and blobs larger than this many bytes are skipped and counted.")
    var maxFileBytes: Int = FileCredentialScan.maxFileBytes

    @Option(name: .long, help: "Accept the findings of this earlier `scan --format json` answer.")
    var baseline: String?

    @Flag(name: .long, help: "Check each key pair found with STS GetCallerIdentity: live, revoked or unknown.")
    var verify: Bool = false

    @Option(name: .long, help: "With --verify: checks at a time.")
    var verifyConcurrency: Int = KeyVerifier.defaultConcurrency

    @Option(name: .long, help: "With --verify: seconds before a check counts as unknown.")
    var verifyTimeout: Int = Int(KeyVerifier.defaultTimeout.components.seconds)

    @Option(name: .long, help: "With --verify: at most this many key pairs are checked; the rest are unknown.")
    var verifyLimit: Int = KeyVerifier.defaultLimit

    @Option(name: .long, help: "An account whose keys are canary tokens, besides the known ones (repeatable).")
    var canaryAccount: [String] = []

    @Flag(name: .long, help: "Scan the user-data of the live instances in the target regions instead.")
    var userData: Bool = false

    @OptionGroup var aws: AWSOptions

    @OptionGroup var gitAccess: GitAccessOptions

    @Option(name: .long, help: "Folder that holds clones of remote repositories.")
    var cacheDir: String?

    @Option(name: .long, help: "Output format: text, json or sarif.")
    var format: ScanFormat = .text

    enum ScanFormat: String, ExpressibleByArgument { case text, json, sarif }

    func validate() throws {
        guard !(git && userData) else { throw ValidationError("--git and --user-data scan different things: choose one") }
        guard git || since == nil else { throw ValidationError("--since needs --git") }
        guard !git || paths.count <= 1 else { throw ValidationError("--git scans one repository") }
        guard maxFileBytes > 0 else { throw ValidationError("--max-file-bytes must be positive") }
        guard !(verify && userData) else { throw ValidationError("--verify checks keys found in files or Git history, not user-data") }
        guard verifyConcurrency > 0, verifyTimeout > 0, verifyLimit >= 0 else {
            throw ValidationError("--verify-concurrency and --verify-timeout must be positive, --verify-limit not negative")
        }
        for account in canaryAccount where !(account.count == 12 && account.allSatisfy(\.isASCII) && account.allSatisfy(\.isNumber)) {
            throw ValidationError("--canary-account \(account): an account id is 12 digits")
        }
    }

    func run() async throws {
        let accepted: Set<String> = try baseline.map { path in
            do {
                return try ScanDocument.baselineFingerprints(from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw ValidationError("--baseline \(path): not a `rolesync scan --format json` answer (\(error))")
            }
        } ?? []
        var document: ScanDocument
        if userData {
            document = try await scanInstances().excluding(baseline: accepted)
        } else {
            let found: (document: ScanDocument, pairs: [KeyPair])
            if git {
                found = try await scanHistory()
            } else {
                let files = try await FileCredentialScan.findingsAndPairs(paths: paths.isEmpty ? ["."] : paths, maxFileBytes: maxFileBytes)
                found = (ScanDocument(findings: files.findings.map(ScanFinding.init), skipped: files.skipped), files.pairs)
            }
            let canaries = CanaryAccounts.known.union(canaryAccount)
            document = found.document.excluding(baseline: accepted).markingCanaries(canaries)
            if verify { document = try await verified(document, pairs: found.pairs, canaries: canaries) }
        }
        try report(document)
    }

    /// Checks the pairs of the findings left after the baseline, so accepted keys are not
    /// signed with again.
    private func verified(_ document: ScanDocument, pairs: [KeyPair], canaries: Set<String>) async throws -> ScanDocument {
        let reported = Set(document.findings.compactMap(\.fingerprint))
        let wanted = pairs.filter { pair in pair.fingerprints.contains(where: reported.contains) }
        let context = CommandContext.capture()
        return try await context.withSession(context.awsSettings(aws)) { session in
            let verifier = KeyVerifier(
                check: try STSKeyCheck(session: session), concurrency: verifyConcurrency, timeout: .seconds(verifyTimeout),
                limit: verifyLimit, canaryAccounts: canaries)
            return document.applying(await verifier.verify(wanted))
        }
    }

    private func report(_ document: ScanDocument) throws {
        switch format {
        case .text:
            for finding in document.findings { print(finding.line) }
            for instance in document.uninspected { print(instance.line) }
            if let commits = document.commits { print("\(commits) commit(s) scanned") }
            let skipped = document.skipped
            if skipped.large + skipped.binary > 0 {
                print("skipped: \(skipped.large) over \(maxFileBytes) bytes, \(skipped.binary) binary")
            }
            if skipped.baseline > 0 { print("\(skipped.baseline) finding(s) accepted by the baseline") }
            let canaries = document.findings.count - document.leaks.count
            print("\(document.leaks.count) AWS secret(s) found" + (canaries > 0 ? ", \(canaries) canary token(s) ignored" : ""))
            if !document.uninspected.isEmpty { print("\(document.uninspected.count) instance(s) could not be inspected") }
        case .json:
            print(String(decoding: try RoleSyncJSON.encoder().encode(document), as: UTF8.self))
        case .sarif:
            print(String(decoding: ScanSARIFReport.render(document), as: UTF8.self))
        }
        // Uninspected user-data may hold keys: it fails the scan like a finding does.
        if !document.leaks.isEmpty || !document.uninspected.isEmpty { throw ExitCode(2) }
    }

    private func scanHistory() async throws -> (document: ScanDocument, pairs: [KeyPair]) {
        let context = CommandContext.capture()
        let repository = context.repositorySettings(
            location: paths.first ?? ".", ref: "HEAD", path: nil, worktree: false, cacheDir: cacheDir,
            access: try context.gitAccess(gitAccess))
        let store = try await context.openStore(repository)
        let names = branches.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let scan = GitHistoryScan(
            branches: branches == "all" ? .all : .named(names), since: since.map(Self.since), maxBlobBytes: maxFileBytes)
        return try await scan.scanWithPairs(store)
    }

    /// A date (`2026-01-31`, or a full ISO 8601 time) or else a revision.
    static func since(_ value: String) -> GitHistoryScan.Since {
        if let date = try? Date(value, strategy: .iso8601.year().month().day()) { return .date(date) }
        if let date = try? Date(value, strategy: .iso8601) { return .date(date) }
        return .revision(value)
    }

    private func scanInstances() async throws -> ScanDocument {
        let context = CommandContext.capture()
        return try await context.withSession(context.awsSettings(aws)) { session in
            let caller = try await session.callerIdentity()
            let regions = aws.region.isEmpty ? session.configuredRegion.map { [$0] } ?? [] : aws.region
            guard !regions.isEmpty else { throw TargetError.noRegion }
            let targets = regions.map {
                ResolvedTarget(target: Target(account: caller.account, region: $0), credentials: session.credentials)
            }
            let inventory = try await AWSInventoryReader(session: session).read(targets, scanUserData: true)
            let findings = inventory.findings.map {
                ScanFinding(
                    location: "\($0.target)/\($0.instanceId)/\($0.location)", kind: $0.kind, redacted: $0.redactedKeyId,
                    account: $0.target.account, instanceId: $0.instanceId, region: $0.target.region)
            }
            let uninspected = inventory.uninspected.map {
                ScanUninspected(
                    location: "\($0.target)/\($0.instanceId)", reason: $0.reason,
                    instanceId: $0.instanceId, account: $0.target.account, region: $0.target.region)
            }
            return ScanDocument(findings: findings, uninspected: uninspected)
        }
    }
}
