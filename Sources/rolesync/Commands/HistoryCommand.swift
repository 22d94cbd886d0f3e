import ArgumentParser
import Foundation
import GitStore
import Reconciler

/// `rolesync history`: the decision records, newest first.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List decision records, newest first.")

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: "How many records to list.")
    var limit: Int = 20

    @Option(name: .long, help: "Branch that holds the decision records.")
    var decisionsBranch: String = "rolesync/decisions"

    func run() async throws {
        let context = CommandContext.capture()
        let settings = try context.repositorySettings(repository)
        let formatter = ISO8601DateFormatter()
        // Records made but not committed yet (the repository was unreachable, the push was
        // refused) come first: they are the newest, and they are part of the trail.
        let pending = PendingDecisions(cacheDirectory: settings.cacheDirectory, repository: settings.location).records()
        for record in pending.reversed().prefix(limit) {
            let summary = record.commitMessage().split(separator: "\n").first.map(String.init) ?? ""
            print("pending  \(formatter.string(from: record.startedAt))  \(summary)  [\(record.runId)]")
        }
        let store = try await context.openStore(settings)
        guard try await store.branchTip(decisionsBranch) != nil else {
            print("no \(pending.isEmpty ? "" : "committed ")decision records yet (branch \(decisionsBranch) does not exist)")
            return
        }
        for commit in try await store.log(branch: decisionsBranch, limit: max(0, limit - pending.count)) {
            let runId = commit.message.split(separator: "\n").first { $0.hasPrefix("Run-Id: ") }
                .map { String($0.dropFirst("Run-Id: ".count)) } ?? "-"
            print("\(commit.sha.prefix(7))  \(formatter.string(from: commit.date))  \(commit.summary)  [\(runId)]")
        }
    }
}
