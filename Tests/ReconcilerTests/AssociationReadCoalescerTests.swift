import AWSClient
import Testing
@testable import Reconciler

/// The batched association reads: many concurrent questions, few calls, each answer the
/// asker's own, a failure shared by everyone the call would have answered.
@Suite struct AssociationReadCoalescerTests {
    static func ids(_ count: Int) -> [String] { (0..<count).map { "i-\(String($0, radix: 16))" } }

    /// Asks for every id at once through `coalescer`, once all are queued opens `gate`; returns
    /// each id's answer (or error).
    static func askAll(
        _ ids: [String], _ coalescer: AssociationReadCoalescer, gate: GateSleeper
    ) async -> [String: Result<[IamInstanceProfileAssociation], any Error>] {
        await withTaskGroup(of: (String, Result<[IamInstanceProfileAssociation], any Error>).self) { group in
            for id in ids {
                group.addTask {
                    do { return (id, .success(try await coalescer.associations(of: id))) } catch { return (id, .failure(error)) }
                }
            }
            await coalescer.waitUntilQueued(ids.count)
            await gate.openGate()
            var answers: [String: Result<[IamInstanceProfileAssociation], any Error>] = [:]
            for await (id, answer) in group { answers[id] = answer }
            return answers
        }
    }

    @Test func concurrentRequestsShareOneCall() async throws {
        let ids = Self.ids(50)
        let listing = FakeAssociationListing(live: Dictionary(uniqueKeysWithValues: ids.enumerated().compactMap { index, id in
            index.isMultiple(of: 2) ? (id, FakeAssociationListing.association(id, profile: "web")) : nil
        }))
        let gate = GateSleeper()
        let coalescer = AssociationReadCoalescer(sleeper: gate) { try await listing.fetch($0) }

        let answers = await Self.askAll(ids, coalescer, gate: gate)

        #expect(await listing.calls.map { Set($0) } == [Set(ids)])
        #expect(await coalescer.calls == 1)
        for (index, id) in ids.enumerated() {
            let associations = try #require(try answers[id]?.get())
            #expect(associations.map(\.instanceId) == (index.isMultiple(of: 2) ? [id] : []), "\(id)")
        }
    }

    @Test func aBatchOverTheValueLimitIsSplitIntoCallsOfAtMostTheLimit() async throws {
        let ids = Self.ids(450)
        let listing = FakeAssociationListing(live: Dictionary(uniqueKeysWithValues: ids.map {
            ($0, FakeAssociationListing.association($0, profile: "db"))
        }))
        let gate = GateSleeper()
        let coalescer = AssociationReadCoalescer(maxValuesPerCall: EC2Client.maxFilterValues, sleeper: gate) {
            try await listing.fetch($0)
        }

        let answers = await Self.askAll(ids, coalescer, gate: gate)

        let calls = await listing.calls
        #expect(EC2Client.maxFilterValues == 200)
        #expect(calls.map(\.count).sorted() == [50, 200, 200])
        #expect(Set(calls.flatMap { $0 }) == Set(ids))
        #expect(calls.flatMap { $0 }.count == ids.count, "no instance is read twice")
        for id in ids { #expect(try answers[id]?.get().map(\.instanceId) == [id]) }
    }

    @Test func requestsArrivingDuringACallAreAnsweredByTheNextSingleCall() async throws {
        let listing = FakeAssociationListing()
        await listing.holdCalls()
        let coalescer = AssociationReadCoalescer(gatheringWindow: .zero) { try await listing.fetch($0) }

        async let first = coalescer.associations(of: "i-1")
        while await listing.heldCount < 1 { await Task.yield() }
        async let second = coalescer.associations(of: "i-2")
        async let third = coalescer.associations(of: "i-3")
        await coalescer.waitUntilQueued(2)
        await listing.releaseCalls()
        _ = try await (first, second, third)

        let calls = await listing.calls
        #expect(calls.count == 2, "\(calls)")
        #expect(calls.first == ["i-1"])
        #expect(calls.last.map(Set.init) == ["i-2", "i-3"])
    }

    @Test func aFailedCallFailsEveryRequestItWouldHaveAnswered() async throws {
        let throttled = AWSServiceError(
            code: "RequestLimitExceeded", message: "Request limit exceeded.", requestId: nil, httpStatus: 503,
            action: "DescribeIamInstanceProfileAssociations")
        let listing = FakeAssociationListing(failure: throttled)
        let gate = GateSleeper()
        let coalescer = AssociationReadCoalescer(sleeper: gate) { try await listing.fetch($0) }

        let answers = await Self.askAll(Self.ids(5), coalescer, gate: gate)

        #expect(await listing.calls.count == 1)
        for (id, answer) in answers {
            #expect(throws: AWSServiceError.self, "\(id)") { try answer.get() }
        }
    }
}
