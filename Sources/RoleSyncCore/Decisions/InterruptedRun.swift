/// A run that stopped (killed, crashed, lost power) between sending mutations and recording
/// them, as the next run reconstructs it from the intent journal and a re-read of the fleet.
/// The next run folds it into its own decision record, so every mutation ever sent appears in
/// some record.
public struct InterruptedRun: Sendable, Hashable, Codable {
    public var runId: String
    /// Every EC2 mutation the run announced before sending it, in the order sent.
    public var calls: [InterruptedCall]

    public init(runId: String, calls: [InterruptedCall]) {
        self.runId = runId
        self.calls = calls
    }

    /// "interrupted run R: 3 sent, 2 confirmed, 1 found done on re-read, 0 undone"
    public var summary: String {
        let confirmed = calls.filter { $0.answer == .succeeded }.count
        let done = calls.filter { $0.answer != .succeeded && $0.onReread == .done }.count
        let undone = calls.filter { $0.answer != .succeeded && $0.onReread == .undone }.count
        return "interrupted run \(runId): \(calls.count) sent, \(confirmed) confirmed, \(done) found done on re-read, \(undone) undone"
    }
}

/// One EC2 call of an interrupted run.
public struct InterruptedCall: Sendable, Hashable, Codable {
    /// What the run heard back before it stopped.
    public enum Answer: String, Sendable, Hashable, Codable {
        /// EC2 confirmed the call.
        case succeeded
        /// EC2 refused the call (nothing was changed by it).
        case failed
        /// Sent, and the run stopped before an answer was recorded.
        case none
    }

    /// What the re-read of the instance shows of the call's effect.
    public enum Reread: String, Sendable, Hashable, Codable {
        /// The instance is as the call would leave it.
        case done
        /// It is not (the call never took effect, or something changed it since).
        case undone
        /// The instance was not in the re-read inventory (terminated, or its target not read).
        case unknown
    }

    public var account: String
    public var region: String
    public var instanceId: String
    /// The planned action the call served.
    public var action: ActionType
    /// The EC2 call: `associate`, `replace` or `disassociate`.
    public var call: String
    /// The profile the call sets; nil for a disassociate.
    public var profile: String?
    /// The association the call acted on, when there was one.
    public var associationId: String?
    public var answer: Answer
    public var onReread: Reread

    public init(
        account: String, region: String, instanceId: String, action: ActionType, call: String, profile: String?,
        associationId: String?, answer: Answer, onReread: Reread
    ) {
        self.account = account
        self.region = region
        self.instanceId = instanceId
        self.action = action
        self.call = call
        self.profile = profile
        self.associationId = associationId
        self.answer = answer
        self.onReread = onReread
    }
}
