import ArgumentParser
import Foundation
import GitStore
import Reconciler
import RoleSyncCore

/// `rolesync history`: the decision records, newest first.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List decision records, newest first.")

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: "How many records to list. Default: 20, or every record since --since.")
    var limit: Int?

    @Option(name: .long, help: "Only records of runs started at or after this time: 2026-11-01 or 2026-11-01T12:00:00Z.")
    var since: SinceDate?

    @Option(name: .long, help: "text (one line per record) or json (one object per record, for charts).")
    var format: HistoryFormat = .text

    @Option(name: .long, help: "Branch that holds the decision records.")
    var decisionsBranch: String = "rolesync/decisions"

    /// At most this many records are read, whatever `--limit` and `--since` ask.
    static let maximumRecords = 10_000

    func run() async throws {
        let context = CommandContext.capture()
        let settings = try context.repositorySettings(repository)
        let limit = min(self.limit ?? (since == nil ? 20 : Self.maximumRecords), Self.maximumRecords)
        let isRecent = { (date: Date) in since.map { date >= $0.date } ?? true }
        // Records made but not committed yet (the repository was unreachable, the push was
        // refused) come first: they are the newest, and they are part of the trail.
        let pending = Array(PendingDecisions(cacheDirectory: settings.cacheDirectory, repository: settings.identity).records()
            .reversed().filter { isRecent($0.startedAt) }.prefix(limit))
        let store = try await context.openStore(settings)
        let hasBranch = try await store.branchTip(decisionsBranch) != nil
        let commits = hasBranch ? try await store.log(branch: decisionsBranch, limit: max(0, limit - pending.count))
            .prefix { isRecent($0.date) } : []
        switch format {
        case .text:
            let formatter = ISO8601DateFormatter()
            for record in pending {
                let summary = record.commitMessage().split(separator: "\n").first.map(String.init) ?? ""
                print("pending  \(formatter.string(from: record.startedAt))  \(summary)  [\(record.runId)]")
            }
            guard hasBranch else {
                print("no \(pending.isEmpty ? "" : "committed ")decision records yet (branch \(decisionsBranch) does not exist)")
                return
            }
            for commit in commits {
                let runId = commit.message.split(separator: "\n").first { $0.hasPrefix("Run-Id: ") }
                    .map { String($0.dropFirst("Run-Id: ".count)) } ?? "-"
                print("\(commit.sha.prefix(7))  \(formatter.string(from: commit.date))  \(commit.summary)  [\(runId)]")
            }
        case .json:
            var entries = pending.map { HistoryEntry(record: $0, commit: nil) }
            for commit in commits {
                // A commit whose record cannot be read is left out of the chart, not guessed.
                guard let path = GitDecisionRecorder.recordPath(in: commit.message),
                      let data = try await store.readFile(path, at: commit.sha),
                      let record = try? DecisionRecord.decode(from: data)
                else { continue }
                entries.append(HistoryEntry(record: record, commit: commit.sha))
            }
            try emit(String(decoding: HistoryEntry.encodeJSON(entries), as: UTF8.self), to: nil)
        }
    }
}

enum HistoryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// A `--since` value: a day (`2026-11-01`, midnight UTC) or an ISO 8601 time.
struct SinceDate: ExpressibleByArgument {
    var date: Date

    init?(argument: String) {
        if let time = ISO8601DateFormatter().date(from: argument) {
            date = time
        } else {
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            guard let midnight = day.date(from: argument) else { return nil }
            date = midnight
        }
    }
}
