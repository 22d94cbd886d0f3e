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
    @OptionGroup var trust: TrustOptions

    @Flag(name: .long, help: "Act even though the desired revision does not descend from the one last applied (after a force-push you checked).")
    var allowNonFastForward: Bool = false

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

    @Option(name: .long, help: "How long to wait for another run of this repository to finish: 10s, 1m.")
    var lockTimeout: IntervalOption = IntervalOption(.seconds(10))

    @Option(name: .long, help: "The replicas' DynamoDB lease table: take the leases of the shards this run changes, or refuse while a replica holds one.")
    var leaseTable: String?

    func run() async throws {
        let context = CommandContext.capture()
        let settings = context.settings(
            repository: try context.repositorySettings(repository), aws: aws, maxChanges: maxChanges, decisionsBranch: decisionsBranch,
            trust: try context.trustSettings(trust, allowNonFastForward: allowNonFastForward))
        let startedAt = Date()
        let failed = try await context.withReconciliation(settings, leaseTable: leaseTable) { reconciliation, wiring in
            try await wiring.runLock(timeout: lockTimeout.duration).withLock(holder: "rolesync apply") {
                // The leases are the run's only: given back however it ends.
                do {
                    let failed = try await converge(reconciliation, startedAt: startedAt, leases: wiring.runLeases)
                    await wiring.runLeases?.releaseAll()
                    return failed
                } catch {
                    await wiring.runLeases?.releaseAll()
                    throw error
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Observe, confirm, execute, record and report; returns whether the run failed.
    private func converge(_ reconciliation: Reconciliation, startedAt: Date, leases: LeaseCoordinator?) async throws -> Bool {
        let observed = try await reconciliation.observe()
        Terminal.endProgress()
        var plan = observed.plan
        if let path = self.plan {
            plan = try await reconciliation.bind(Plan.decode(from: Data(contentsOf: URL(fileURLWithPath: path))), to: observed)
        }
        // Refuse an untrusted revision before asking anyone to confirm its changes.
        let verified = try await reconciliation.verifyRevision(plan, startedAt: startedAt)
        let mutations = plan.mutations
        if let leases, !mutations.isEmpty {
            let holders = try await leases.claim(Set(mutations.map { ShardKey.of($0.target) }))
            guard holders.isEmpty else { throw LeaseRefusal(holders: holders) }
        }
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
        let done = try await reconciliation.converge(plan, observed: observed, startedAt: startedAt, verified: verified)
        Terminal.endProgress()
        var finished = plan
        finished.actions = done.outcomes
        try emit(try ReportRendering.render(finished, as: format), to: nil)
        for run in done.interrupted {
            FileHandle.standardError.write(Data("recovered \(run.summary)\n".utf8))
        }
        switch done.recording {
        case .committed(let recorded):
            FileHandle.standardError.write(Data(
                "recorded \(recorded.record.path) as \(recorded.commit.prefix(7)) on \(decisionsBranch)\n".utf8))
        case .nothingNew:
            FileHandle.standardError.write(Data("nothing new: no decision recorded\n".utf8))
        case .kept(let error):
            Terminal.error("\(error)")
            return true
        case .unrecorded(let error):
            Terminal.error("\(error)")
            return true
        }
        if let refusal = BlastRadius.refusal(in: done.outcomes) {
            Terminal.error(refusal)
            return true
        }
        if let unread = FailedTarget.errorMessage(plan.failedTargets ?? []) {
            Terminal.error(unread)
            return true
        }
        return done.outcomes.contains { $0.status == .failed }
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

/// `apply --lease-table` while replicas hold shards it would change: nothing was done.
struct LeaseRefusal: Error, CustomStringConvertible {
    var holders: [String: String]

    var description: String {
        let held = holders.sorted { $0.key < $1.key }.map { "\($0.key) is held by \($0.value)" }.joined(separator: "; ")
        return "refusing to apply: \(held). Stop that replica (or let its lease expire) and run again; nothing was changed"
    }
}
