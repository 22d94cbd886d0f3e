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
        let store = try await CommandContext(repository: repository).openStore()
        guard try await store.branchTip(decisionsBranch) != nil else {
            print("no decision records yet (branch \(decisionsBranch) does not exist)")
            return
        }
        let formatter = ISO8601DateFormatter()
        for commit in try await store.log(branch: decisionsBranch, limit: limit) {
            let runId = commit.message.split(separator: "\n").first { $0.hasPrefix("Run-Id: ") }
                .map { String($0.dropFirst("Run-Id: ".count)) } ?? "-"
            print("\(commit.sha.prefix(7))  \(formatter.string(from: commit.date))  \(commit.summary)  [\(runId)]")
        }
    }
}
