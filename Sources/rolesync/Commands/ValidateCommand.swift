import ArgumentParser
import Foundation
import Reconciler
import RoleSyncCore

/// `rolesync validate`: are the manifests at this revision valid?
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check the manifests at a revision; exit 0 when valid, 1 when not.")

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: ValidateFormat = .text

    enum ValidateFormat: String, ExpressibleByArgument { case text, json }

    func run() async throws {
        let context = CommandContext.capture()
        let settings = try context.repositorySettings(repository)
        let loaded = try await GitDesiredStateSource(settings: settings).loadManifests(from: try await context.openStore(settings))
        let report = loaded.report
        switch format {
        case .text: print(ValidationOutput.text(report, revision: loaded.revision), terminator: "")
        case .json: print(ValidationOutput.json(report, revision: loaded.revision))
        }
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}

/// How validation results print.
enum ValidationOutput {
    static func text(_ report: ManifestLoadReport, revision: String) -> String {
        var lines = report.problems.map(\.description)
        lines += report.skipped.map { "\($0.path): note: skipped: \($0.reason)" }
        let verdict = report.problems.isEmpty ? "valid" : "\(report.problems.count) problem(s)"
        lines.append(
            "\(report.filesRead) file(s), \(report.manifestsRead) manifest(s) read at \(revision.prefix(12)): \(verdict)")
        return lines.joined(separator: "\n") + "\n"
    }

    struct Document: Encodable {
        var revision: String
        var valid: Bool
        var filesRead: Int
        var manifestsRead: Int
        var problems: [Problem]
        var skipped: [Skipped]
    }

    struct Problem: Encodable {
        var file: String
        var line: Int
        var column: Int
        var field: String?
        var message: String
    }

    struct Skipped: Encodable {
        var file: String
        var reason: String
    }

    static func json(_ report: ManifestLoadReport, revision: String) -> String {
        let document = Document(
            revision: revision, valid: report.problems.isEmpty, filesRead: report.filesRead,
            manifestsRead: report.manifestsRead,
            problems: report.problems.map {
                Problem(file: $0.location.file, line: $0.location.line, column: $0.location.column, field: $0.field, message: $0.message)
            },
            skipped: report.skipped.map { Skipped(file: $0.path, reason: $0.reason) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self)
    }
}
