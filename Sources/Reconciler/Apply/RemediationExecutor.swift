import AWSClient
import Foundation
import RoleSyncCore

/// Carries out a plan's mutations: the effect boundary on the way out.
public protocol RemediationExecutor: Sendable {
    /// Returns every action of the plan with its final status; a failure of one action never
    /// stops the others. `runId` names the run in the intent journal.
    func execute(_ actions: [PlannedAction], on targets: [ResolvedTarget], runId: String) async -> [PlannedAction]
}

/// The live executor: EC2 clients for the run's targets from the session, every mutation
/// journalled before it is sent.
public struct SessionRemediationExecutor: RemediationExecutor {
    public var session: AWSSession
    public var journal: IntentJournal?
    public var concurrency: Int
    public var progress: (@Sendable (PlannedAction) -> Void)?

    public init(
        session: AWSSession, journal: IntentJournal?, concurrency: Int = 8, progress: (@Sendable (PlannedAction) -> Void)? = nil
    ) {
        self.session = session
        self.journal = journal
        self.concurrency = concurrency
        self.progress = progress
    }

    public func execute(_ actions: [PlannedAction], on targets: [ResolvedTarget], runId: String) async -> [PlannedAction] {
        var clients: [Target: EC2Client] = [:]
        for target in targets {
            // An endpoint that cannot be built leaves the target without a client: its actions fail.
            clients[target.target] = try? session.ec2(target.target, credentials: target.credentials)
        }
        var executor = AWSRemediationExecutor(clients: clients, concurrency: concurrency, progress: progress)
        executor.journal = journal.map { JournalContext(journal: $0, runId: runId) }
        return await executor.execute(actions)
    }
}

/// The journal and the run its lines belong to.
public struct JournalContext: Sendable {
    public var journal: IntentJournal
    public var runId: String

    public init(journal: IntentJournal, runId: String) {
        self.journal = journal
        self.runId = runId
    }
}

/// Executes actions through the EC2 API with bounded concurrency. Before each action it
/// re-reads the instance's association and skips the action when it no longer matches what the
/// plan saw, so a stale plan never clobbers someone else's newer change.
public struct AWSRemediationExecutor: Sendable {
    public var clients: [Target: EC2Client]
    /// Where each mutation is announced before it is sent; nil runs without a journal.
    public var journal: JournalContext?
    public var concurrency: Int
    public var settle: SettleWaiter
    /// Called after each action finishes, for progress on a terminal.
    public var progress: (@Sendable (PlannedAction) -> Void)?

    public init(
        clients: [Target: EC2Client], concurrency: Int = 8, settle: SettleWaiter = SettleWaiter(),
        progress: (@Sendable (PlannedAction) -> Void)? = nil
    ) {
        self.clients = clients
        self.concurrency = max(1, concurrency)
        self.settle = settle
        self.progress = progress
    }

    public func execute(_ actions: [PlannedAction]) async -> [PlannedAction] {
        var results = actions
        let runnable = actions.indices.filter { actions[$0].status == .planned && actions[$0].type.isMutation }
        await withTaskGroup(of: (Int, PlannedAction).self) { group in
            var pending = runnable.makeIterator()
            func startNext() {
                guard let index = pending.next() else { return }
                let action = actions[index]
                group.addTask { (index, await run(action)) }
            }
            for _ in 0..<concurrency { startNext() }
            for await (index, outcome) in group {
                results[index] = outcome
                progress?(outcome)
                startNext()
            }
        }
        return results
    }

    /// Runs one action and turns every failure into its outcome.
    func run(_ action: PlannedAction) async -> PlannedAction {
        var outcome = action
        guard let ec2 = clients[action.target] else {
            return Self.failed(outcome, code: "NoClient", message: "no EC2 client for \(action.target)")
        }
        do {
            let current = try await currentAssociation(of: action.instanceId, ec2: ec2)
            if let mismatch = Self.mismatch(expected: action.expected, current: current) {
                outcome.status = .skipped
                outcome.reason = mismatch
                return outcome
            }
            return Self.outcome(of: action, try await perform(action, current: current, ec2: ec2))
        } catch {
            return Self.failed(outcome, error: error)
        }
    }

    /// The instance's active association right now (the listing is the truth).
    func currentAssociation(of instanceId: String, ec2: EC2Client) async throws -> IamInstanceProfileAssociation? {
        let listed = try await ec2.describeIamInstanceProfileAssociations(filters: [EC2Filter("instance-id", [instanceId])])
        return listed.first { $0.state != "disassociated" }
    }

    /// Why the live association differs from the one the plan saw, or nil when it matches.
    static func mismatch(expected: ExpectedAssociation?, current: IamInstanceProfileAssociation?) -> String? {
        switch (expected, current) {
        case (nil, nil):
            return nil
        case (let expected?, let current?)
            where expected.associationId == current.associationId
                && expected.profileArn == current.iamInstanceProfile?.arn:
            return nil
        case (nil, let current?):
            return "association changed since the plan: expected none, found \(current.iamInstanceProfile?.arn ?? current.associationId)"
        case (let expected?, nil):
            return "association changed since the plan: expected \(expected.profileArn), found none"
        case (let expected?, let current?):
            return "association changed since the plan: expected \(expected.profileArn), found \(current.iamInstanceProfile?.arn ?? current.associationId)"
        }
    }
}
