import AWSClient
import Foundation
@testable import Reconciler

/// A sleeper whose sleeps end only when the test opens it: the coalescer's gathering window
/// lasts exactly until the test has every request queued.
actor GateSleeper: Sleeper {
    private var open = false
    private var sleepers: [CheckedContinuation<Void, Never>] = []

    func sleep(for duration: Duration) async throws {
        if open { return }
        await withCheckedContinuation { sleepers.append($0) }
    }

    func openGate() {
        open = true
        sleepers.forEach { $0.resume() }
        sleepers = []
    }
}

/// The batched reads a fake EC2 received, and what it answers: each instance's association.
actor FakeAssociationListing {
    private(set) var calls: [[String]] = []
    var live: [String: IamInstanceProfileAssociation]
    var failure: (any Error)?
    /// While set, each call waits until `releaseCalls()`.
    private var holding = false
    private var held: [CheckedContinuation<Void, Never>] = []

    init(live: [String: IamInstanceProfileAssociation] = [:], failure: (any Error)? = nil) {
        self.live = live
        self.failure = failure
    }

    func fetch(_ ids: [String]) async throws -> [IamInstanceProfileAssociation] {
        calls.append(ids)
        if holding { await withCheckedContinuation { held.append($0) } }
        if let failure { throw failure }
        return ids.compactMap { live[$0] }
    }

    func holdCalls() { holding = true }

    func releaseCalls() {
        holding = false
        held.forEach { $0.resume() }
        held = []
    }

    var heldCount: Int { held.count }

    static func association(_ instanceId: String, profile: String) -> IamInstanceProfileAssociation {
        IamInstanceProfileAssociation(
            associationId: "iip-assoc-\(instanceId)", instanceId: instanceId,
            iamInstanceProfile: IamInstanceProfileRef(arn: "arn:aws:iam::111122223333:instance-profile/\(profile)"),
            state: "associated")
    }
}

extension AssociationReadCoalescer {
    /// Yields until `count` instances wait for the next call.
    nonisolated func waitUntilQueued(_ count: Int) async {
        while await queuedInstances < count { await Task.yield() }
    }
}
