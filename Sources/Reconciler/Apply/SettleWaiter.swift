import AWSClient
import Foundation

/// A failure found by the executor itself rather than answered by AWS.
struct ExecutionError: Error, Sendable, Equatable {
    var code: String
    var message: String
}

/// Waits until an association reaches its final state, polling the association listing with
/// growing pauses. Polls go through the target's batched reads (by instance, see
/// `AssociationReadCoalescer`), so the polls of many actions share one call.
///
/// Waiting is bounded. An association still `associating` after the pauses is left to settle
/// (the next run sees it as `pending`); an old association still present after a
/// disassociation is an error, because associating over it would fail and leave the instance
/// without its profile.
public struct SettleWaiter: Sendable {
    public var sleeper: any Sleeper
    public var pauses: [Duration]

    public init(sleeper: any Sleeper = ContinuousSleeper(), pauses: [Duration] = [.zero, .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)]) {
        self.sleeper = sleeper
        self.pauses = pauses
    }

    func untilAssociated(_ associationId: String, of instanceId: String, reads: AssociationReadCoalescer) async throws {
        _ = try await poll(associationId, of: instanceId, reads: reads) { $0?.state == "associated" }
    }

    /// Throws `NotSettled` when the association is still there after the last pause.
    func untilGone(_ associationId: String, of instanceId: String, reads: AssociationReadCoalescer) async throws {
        let last = try await poll(associationId, of: instanceId, reads: reads) { Self.isGone($0) }
        if let last, !Self.isGone(last) {
            throw Self.notSettled(associationId, state: last.state, pauses: pauses)
        }
    }

    /// Whether a disassociation has finished: EC2 no longer lists the association, or lists it
    /// as `disassociated`.
    static func isGone(_ association: IamInstanceProfileAssociation?) -> Bool {
        association == nil || association?.state == "disassociated"
    }

    /// The error for an association that did not leave within the waiting time.
    static func notSettled(_ associationId: String, state: String, pauses: [Duration]) -> ExecutionError {
        let waited = pauses.reduce(Duration.zero, +)
        return ExecutionError(
            code: "NotSettled",
            message: "association \(associationId) still \(state) after waiting \(waited)")
    }

    /// The association by id among the instance's; nil once EC2 no longer lists it (a
    /// disassociation has finished).
    private func lookUp(_ associationId: String, of instanceId: String, reads: AssociationReadCoalescer) async throws
        -> IamInstanceProfileAssociation?
    {
        try await reads.associations(of: instanceId).first { $0.associationId == associationId }
    }

    /// Polls until `settled`; returns the last association seen (nil when gone or never polled).
    private func poll(
        _ associationId: String, of instanceId: String, reads: AssociationReadCoalescer,
        until settled: (IamInstanceProfileAssociation?) -> Bool
    ) async throws -> IamInstanceProfileAssociation? {
        var last: IamInstanceProfileAssociation?
        for pause in pauses {
            if pause > .zero { try await sleeper.sleep(for: pause) }
            last = try await lookUp(associationId, of: instanceId, reads: reads)
            if settled(last) { return last }
        }
        return last
    }
}
