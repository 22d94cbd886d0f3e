import AWSClient
import Foundation
import RoleSyncCore
import Testing
@testable import Reconciler

/// The executor with its reads batched: the check before each mutation still decides, from
/// one shared read, and a read that fails fails the actions it guarded. The EC2 client points
/// at a port nothing listens on: no mutation may be sent in these tests, and none can succeed.
@Suite struct ExecutorBatchedReadTests {
    static let target = Target(account: "111122223333", region: "us-east-1")

    /// An executor over `listing` whose reads gather until `gate` opens; the transport must be
    /// shut down after.
    static func executor(_ listing: FakeAssociationListing, gate: GateSleeper) throws
        -> (AWSRemediationExecutor, AssociationReadCoalescer, QueryTransport)
    {
        let transport = QueryTransport(configuration: TransportConfiguration(connectTimeout: .seconds(1)))
        let endpoint = ServiceEndpoint(
            service: .ec2, url: try #require(URL(string: "http://127.0.0.1:9")), signingRegion: target.region)
        let ec2 = EC2Client(
            region: target.region, endpoint: endpoint,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDFAKE", secretAccessKey: "fake")),
            policy: RequestPolicy(configuration: .singleAttempt), account: target.account, transport: transport)
        let reads = AssociationReadCoalescer(sleeper: gate) { try await listing.fetch($0) }
        let executor = AWSRemediationExecutor(
            clients: [target: ec2], readers: [target: reads], pacesLanes: false)
        return (executor, reads, transport)
    }

    static func associate(_ instanceId: String) -> PlannedAction {
        PlannedAction(
            type: .associate, instanceId: instanceId, account: target.account, region: target.region, profile: "web")
    }

    static func replace(_ instanceId: String, from profile: String) -> PlannedAction {
        var action = PlannedAction(
            type: .replace, instanceId: instanceId, account: target.account, region: target.region, profile: "web",
            strategy: .replace)
        action.expected = ExpectedAssociation(
            associationId: "iip-assoc-\(instanceId)", profileArn: "arn:aws:iam::111122223333:instance-profile/\(profile)")
        return action
    }

    /// Runs `actions` once every instance is queued for the first read.
    static func execute(_ actions: [PlannedAction], _ executor: AWSRemediationExecutor, reads: AssociationReadCoalescer, gate: GateSleeper) async
        -> [PlannedAction]
    {
        async let outcomes = executor.execute(actions)
        await reads.waitUntilQueued(Set(actions.map(\.instanceId)).count)
        await gate.openGate()
        return await outcomes
    }

    @Test func mismatchesFoundByOneBatchedReadSkipTheirActions() async throws {
        // Someone else attached a profile to i-1 and swapped i-2's since the plan.
        let listing = FakeAssociationListing(live: [
            "i-1": FakeAssociationListing.association("i-1", profile: "db"),
            "i-2": FakeAssociationListing.association("i-2", profile: "batch"),
        ])
        let gate = GateSleeper()
        let (executor, reads, transport) = try Self.executor(listing, gate: gate)
        let actions = [Self.associate("i-1"), Self.replace("i-2", from: "legacy")]

        let outcomes = await Self.execute(actions, executor, reads: reads, gate: gate)
        try await transport.shutdown()

        #expect(await listing.calls.map(Set.init) == [["i-1", "i-2"]], "one read guards both actions")
        #expect(outcomes.map(\.status) == [.skipped, .skipped], "\(outcomes)")
        #expect(outcomes[0].reason == "association changed since the plan: expected none, found arn:aws:iam::111122223333:instance-profile/db")
        #expect(outcomes[1].reason == "association changed since the plan: expected arn:aws:iam::111122223333:instance-profile/legacy, "
            + "found arn:aws:iam::111122223333:instance-profile/batch")
    }

    @Test func aFailedBatchedReadFailsTheActionsItGuardedAndSucceedsNone() async throws {
        let throttled = AWSServiceError(
            code: "RequestLimitExceeded", message: "Request limit exceeded.", requestId: nil, httpStatus: 503,
            action: "DescribeIamInstanceProfileAssociations")
        let listing = FakeAssociationListing(failure: RetriesExhausted(
            action: "DescribeIamInstanceProfileAssociations", attempts: 3, reason: .attemptLimitReached,
            lastRetryClass: .throttling, lastError: throttled))
        let gate = GateSleeper()
        let (executor, reads, transport) = try Self.executor(listing, gate: gate)
        let actions = (1...4).map { Self.associate("i-\($0)") } + [Self.replace("i-5", from: "legacy")]

        let outcomes = await Self.execute(actions, executor, reads: reads, gate: gate)
        try await transport.shutdown()

        #expect(await listing.calls.count == 1)
        #expect(outcomes.allSatisfy { $0.status == .failed }, "\(outcomes)")
        #expect(outcomes.allSatisfy { $0.errorCode == "RequestLimitExceeded" }, "\(outcomes)")
    }
}
