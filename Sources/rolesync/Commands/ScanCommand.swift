import ArgumentParser
import Foundation
import Reconciler
import RoleSyncCore

/// `rolesync scan`: find AWS keys embedded in files, or in the user-data of live instances.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find AWS keys in files or in instances' user-data; exit 2 when any is found.",
        discussion: """
            Found keys are shown redacted: the first four and last four characters only. \
            User-data that cannot be read in full (over a budget, corrupt, not text) is listed as \
            "could not inspect" and also exits 2: rolesync cannot call it clean.
            """)

    @Argument(help: "Files or folders to scan (default: the current folder, unless --user-data).")
    var paths: [String] = []

    @Flag(name: .long, help: "Scan the user-data of the live instances in the target regions instead.")
    var userData: Bool = false

    @OptionGroup var aws: AWSOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: ScanFormat = .text

    enum ScanFormat: String, ExpressibleByArgument { case text, json }

    func run() async throws {
        let document = userData ? try await scanInstances() : ScanDocument(
            findings: try FileCredentialScan.scan(paths: paths.isEmpty ? ["."] : paths).map {
                ScanFinding(location: $0.location, kind: $0.kind.rawValue, redacted: $0.redacted)
            })
        switch format {
        case .text:
            for finding in document.findings { print(finding.line) }
            for instance in document.uninspected { print(instance.line) }
            print("\(document.findings.count) AWS secret(s) found")
            if !document.uninspected.isEmpty { print("\(document.uninspected.count) instance(s) could not be inspected") }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(document), as: UTF8.self))
        }
        // Uninspected user-data may hold keys: it fails the scan like a finding does.
        if !document.findings.isEmpty || !document.uninspected.isEmpty { throw ExitCode(2) }
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
                    instanceId: $0.instanceId, account: $0.target.account, region: $0.target.region)
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

struct ScanFinding: Encodable {
    var location: String
    var kind: String
    var redacted: String
    var instanceId: String?
    var account: String?
    var region: String?

    var line: String { "\(location): \(kind) \(redacted)" }
}

/// An instance whose user-data could not be read in full, so it cannot be called clean.
struct ScanUninspected: Encodable {
    var location: String
    var reason: String
    var instanceId: String
    var account: String
    var region: String

    var line: String { "\(location): could not inspect: \(reason)" }
}

struct ScanDocument: Encodable {
    var schemaVersion = 1
    var findings: [ScanFinding]
    /// Always present (empty for files), so consumers see a fixed shape.
    var uninspected: [ScanUninspected] = []
}
