import ArgumentParser
import Foundation
import Reconciler
import RoleSyncCore

/// `rolesync scan`: find AWS keys embedded in files, or in the user-data of live instances.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find AWS keys in files or in instances' user-data; exit 2 when any is found.",
        discussion: "Found keys are shown redacted: the first four and last four characters only.")

    @Argument(help: "Files or folders to scan (default: the current folder, unless --user-data).")
    var paths: [String] = []

    @Flag(name: .long, help: "Scan the user-data of the live instances in the target regions instead.")
    var userData: Bool = false

    @OptionGroup var aws: AWSOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: ScanFormat = .text

    enum ScanFormat: String, ExpressibleByArgument { case text, json }

    func run() async throws {
        let findings = userData ? try await scanInstances() : try FileCredentialScan.scan(paths: paths.isEmpty ? ["."] : paths).map {
            ScanFinding(location: $0.location, kind: $0.kind.rawValue, redacted: $0.redacted)
        }
        switch format {
        case .text:
            for finding in findings { print(finding.line) }
            print("\(findings.count) AWS secret(s) found")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(ScanDocument(findings: findings)), as: UTF8.self))
        }
        if !findings.isEmpty { throw ExitCode(2) }
    }

    private func scanInstances() async throws -> [ScanFinding] {
        let context = CommandContext.capture()
        return try await context.withSession(context.awsSettings(aws)) { session in
            let caller = try await session.callerIdentity()
            let regions = aws.region.isEmpty ? session.configuredRegion.map { [$0] } ?? [] : aws.region
            guard !regions.isEmpty else { throw TargetError.noRegion }
            let targets = regions.map {
                ResolvedTarget(target: Target(account: caller.account, region: $0), credentials: session.credentials)
            }
            let inventory = try await AWSInventoryReader(session: session).read(targets, scanUserData: true)
            return inventory.findings.map {
                ScanFinding(
                    location: "\($0.target)/\($0.instanceId)/\($0.location)", kind: $0.kind, redacted: $0.redactedKeyId,
                    instanceId: $0.instanceId, account: $0.target.account, region: $0.target.region)
            }
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

struct ScanDocument: Encodable {
    var schemaVersion = 1
    var findings: [ScanFinding]
}
