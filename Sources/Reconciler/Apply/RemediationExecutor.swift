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
    /// Actions in flight per lane (target × EC2 bucket).
    public var concurrency: Int
    public var progress: (@Sendable (PlannedAction) -> Void)?

    public init(
        session: AWSSession, journal: IntentJournal?, concurrency: Int = 16, progress: (@Sendable (PlannedAction) -> Void)? = nil
    ) {
        self.session = session
        self.journal = journal
        self.concurrency = concurrency
        self.progress = progress
    }

    public func execute(_ actions: [PlannedAction], on targets: [ResolvedTarget], runId: String) async -> [PlannedAction] {
        var clients: [Target: EC2Client] = [:]
        var autoScaling: [Target: AutoScalingClient] = [:]
        for target in targets {
            // An endpoint that cannot be built leaves the target without a client: its actions fail.
            clients[target.target] = try? session.ec2(target.target, credentials: target.credentials)
            autoScaling[target.target] = try? session.autoScaling(target.target, credentials: target.credentials)
        }
        var executor = AWSRemediationExecutor(clients: clients, concurrency: concurrency, progress: progress)
        executor.autoScaling = autoScaling
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

/// Executes actions through the EC2 API. Before each action it re-reads the instance's
/// association and skips the action when it no longer matches what the plan saw, so a stale
/// plan never clobbers someone else's newer change.
///
/// The reads are batched per target by an `AssociationReadCoalescer`, and actions run in one
/// queue per lane (target × EC2 bucket), each lane paced to its bucket, so the mutation buckets
/// set the pace of an apply rather than the reads or the number of tasks in flight.
public struct AWSRemediationExecutor: Sendable {
    public var clients: [Target: EC2Client]
    /// The Auto Scaling clients launch template fixes use to check and move pinned groups.
    public var autoScaling: [Target: AutoScalingClient] = [:]
    /// Where each mutation is announced before it is sent; nil runs without a journal.
    public var journal: JournalContext?
    /// How many actions of one lane (target × bucket) are in flight at once.
    public var concurrency: Int
    public var settle: SettleWaiter
    /// The batched association reads of each target; nil makes one per client for each run.
    public var readers: [Target: AssociationReadCoalescer]?
    /// Paces the start of each lane's actions; nil lets them start as slots free up.
    var pacer: LanePacer?
    /// Called after each action finishes, for progress on a terminal.
    public var progress: (@Sendable (PlannedAction) -> Void)?

    public init(
        clients: [Target: EC2Client], concurrency: Int = 16, settle: SettleWaiter = SettleWaiter(),
        readers: [Target: AssociationReadCoalescer]? = nil, pacesLanes: Bool = true,
        progress: (@Sendable (PlannedAction) -> Void)? = nil
    ) {
        self.clients = clients
        self.concurrency = max(1, concurrency)
        self.settle = settle
        self.readers = readers
        let limits = clients.values.first?.rateLimits ?? .standard
        self.pacer = pacesLanes ? LanePacer(limits: limits, sleeper: settle.sleeper) : nil
        self.progress = progress
    }

    public func execute(_ actions: [PlannedAction]) async -> [PlannedAction] {
        var results = actions
        let runnable = actions.indices.filter { actions[$0].status == .planned && actions[$0].type.isMutation }
        let readers = self.readers ?? clients.mapValues { AssociationReadCoalescer(ec2: $0) }
        var lanes = Dictionary(grouping: runnable) { ActionLane(actions[$0]) }.mapValues { $0[...] }
        await withTaskGroup(of: (Int, PlannedAction).self) { group in
            func startNext(in lane: ActionLane) {
                guard let index = lanes[lane]?.popFirst() else { return }
                let action = actions[index]
                let reads = readers[action.target]
                group.addTask {
                    await pacer?.waitForTurn(in: lane)
                    return (index, await run(action, reads: reads))
                }
            }
            for lane in lanes.keys.sorted() {
                for _ in 0..<concurrency { startNext(in: lane) }
            }
            for await (index, outcome) in group {
                results[index] = outcome
                progress?(outcome)
                startNext(in: ActionLane(actions[index]))
            }
        }
        return results
    }

    /// Runs one action and turns every failure into its outcome.
    func run(_ action: PlannedAction, reads: AssociationReadCoalescer?) async -> PlannedAction {
        if action.type == .updateLaunchTemplate { return await runTemplateFix(action) }
        var outcome = action
        guard let ec2 = clients[action.target], let reads else {
            return Self.failed(outcome, code: "NoClient", message: "no EC2 client for \(action.target)")
        }
        let access = TargetAccess(ec2: ec2, reads: reads)
        do {
            let current = try await currentAssociation(of: action.instanceId, reads: reads)
            if let mismatch = Self.mismatch(expected: action.expected, current: current) {
                outcome.status = .skipped
                outcome.reason = mismatch
                return outcome
            }
            guard await MutationGate.allows(action.target) else { return LeasedExecutor.skipped(action, shard: ShardKey.of(action.target)) }
            return Self.outcome(of: action, try await perform(action, current: current, access: access))
        } catch {
            return Self.failed(outcome, error: error)
        }
    }

    /// The instance's active association right now (the listing is the truth), from the next
    /// batched read of its target.
    func currentAssociation(of instanceId: String, reads: AssociationReadCoalescer) async throws
        -> IamInstanceProfileAssociation?
    {
        try await reads.associations(of: instanceId).first { $0.state != "disassociated" }
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

/// What one action's calls go through: its target's client for the mutations, and the
/// target's batched reads for every look at the association.
struct TargetAccess: Sendable {
    let ec2: EC2Client
    let reads: AssociationReadCoalescer
}
