import ArgumentParser
import Foundation
import Reconciler
import RoleSyncCore

/// `rolesync apply`: carry out the plan, then record the run as a commit.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Converge the fleet to Git and record the decisions as a commit.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var aws: AWSOptions

    @Flag(name: .long, help: "Do not ask for confirmation (required when not on a terminal).")
    var autoApprove: Bool = false

    @Option(name: .long, help: "Apply this saved JSON plan, only if the live state still matches it.")
    var plan: String?

    @Option(name: .long, help: "Raise (or lower) the policy's maxChanges for this run.")
    var maxChanges: Int?

    @Option(name: .long, help: "Branch that holds the decision records.")
    var decisionsBranch: String = "rolesync/decisions"

    @Option(name: .long, help: "Output format: text, json or markdown.")
    var format: ReportFormat = .text

    func validate() throws {
        guard [.text, .json, .markdown].contains(format) else {
            throw ValidationError("apply reports as text, json or markdown")
        }
    }

    func run() async throws {
        let context = CommandContext(repository: repository, aws: aws, maxChanges: maxChanges, decisionsBranch: decisionsBranch)
        let startedAt = Date()
        let failed = try await context.withReconciliation { reconciliation in
            let observed = try await reconciliation.observe()
            Terminal.endProgress()
            let plan = try chosenPlan(observed)
            let mutations = plan.actions.filter { $0.status == .planned && $0.type.isMutation }
            if !mutations.isEmpty {
                // The preview is for people: it goes to standard error when standard output
                // carries a machine-readable report.
                let preview = try ReportRendering.render(plan, as: .text)
                if format == .text {
                    print(preview, terminator: "")
                } else {
                    FileHandle.standardError.write(Data(preview.utf8))
                }
                try await confirm(mutations.count)
            }
            let done = try await reconciliation.converge(
                plan, targets: observed.targets, startedAt: startedAt, author: context.decisionAuthor(at: Date()),
                progress: Terminal.isInteractive(standardError: true) ? ProgressCounter(total: mutations.count).tick : nil)
            Terminal.endProgress()
            let (outcomes, recorded) = (done.outcomes, done.recorded)
            var finished = plan
            finished.actions = outcomes
            try emit(try ReportRendering.render(finished, as: format), to: nil)
            if let recorded {
                FileHandle.standardError.write(Data(
                    "recorded \(recorded.record.path) as \(recorded.commit.prefix(7)) on \(decisionsBranch)\n".utf8))
            } else {
                FileHandle.standardError.write(Data("nothing new: no decision recorded\n".utf8))
            }
            if let refusal = Self.blastRadiusRefusal(outcomes) {
                Terminal.error(refusal)
                return true
            }
            return outcomes.contains { $0.status == .failed }
        }
        if failed { throw ExitCode(1) }
    }

    /// The fresh plan, or the saved one when it still matches the live state exactly.
    private func chosenPlan(_ observed: Observation) throws -> Plan {
        guard let path = plan else { return observed.plan }
        let saved = try Plan.decode(from: Data(contentsOf: URL(fileURLWithPath: path)))
        guard saved.desiredRevision == observed.plan.desiredRevision else {
            throw ApplyRefusal(
                "the saved plan was made at \(saved.desiredRevision.prefix(12)), the desired state is now at \(observed.plan.desiredRevision.prefix(12)): run `rolesync plan` again")
        }
        guard saved.planHash == observed.plan.planHash else {
            throw ApplyRefusal(
                "the live state changed since the saved plan was made (plan hash \(saved.planHash.suffix(12)) ≠ \(observed.plan.planHash.suffix(12))): run `rolesync plan` again")
        }
        // The hash covers the inputs; the actions must also be the ones those inputs call for,
        // so an edited plan file is never carried out.
        guard saved.actions == observed.plan.actions else {
            throw ApplyRefusal(
                "the saved plan's actions differ from what the desired and live state call for (edited, or made with other --max-changes): run `rolesync plan` again")
        }
        return saved
    }

    /// A plan over `maxChanges` is refused as a whole: recorded, nothing changed, and the run
    /// fails so that pipelines notice.
    static func blastRadiusRefusal(_ outcomes: [PlannedAction]) -> String? {
        guard let reason = outcomes.first(where: { $0.status == .blocked && ($0.reason ?? "").contains("over maxChanges") })?.reason
        else { return nil }
        return "\(reason): nothing was changed"
    }

    /// On a terminal, asks; elsewhere refuses unless `--auto-approve` was given.
    private func confirm(_ count: Int) async throws {
        if autoApprove { return }
        guard Terminal.isInteractive(), isatty(STDIN_FILENO) == 1 else {
            throw ApplyRefusal("\(count) change(s) planned, but not on a terminal: pass --auto-approve to apply without asking")
        }
        print("Apply \(count) change(s)? Only 'yes' is accepted: ", terminator: "")
        fflush(nil)
        // Waiting for a person must not hold one of the concurrency pool's few threads.
        let answer = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: readLine()) }.start()
        }
        guard answer?.trimmingCharacters(in: .whitespaces) == "yes" else {
            throw ApplyRefusal("not confirmed: nothing was changed")
        }
    }
}

/// `apply` declined to act, and why.
struct ApplyRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Counts finished actions for the progress line.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let total: Int

    init(total: Int) { self.total = total }

    func tick(_ action: PlannedAction) {
        let count = lock.withLock { done += 1; return done }
        Terminal.progress("applied \(count)/\(total): \(action.type.rawValue) \(action.instanceId) \(action.status.rawValue)")
    }
}
