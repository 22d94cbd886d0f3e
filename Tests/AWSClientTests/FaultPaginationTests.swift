import AWSClient
import Foundation
import Testing
import TestSupport

/// A full read of a fleet larger than a page survives faults between its pages: each page is
/// retried on its own, with the same `NextToken`, and no instance is lost or read twice.
@Suite("Paginated reads under injected faults")
struct FaultPaginationTests {
    @Test("250 instances in pages of 100, a different fault before each page: every instance comes back once")
    func everyInstanceDespiteFaults() async throws {
        let region = "sa-east-1"
        let ids = try await FaultFixture.launchInstances(region: region, count: 250)
        let faults: [Fault] = [.throttle, .pass, .dropConnection, .pass, .malformedXML, .pass]
        let fixture = try await FaultFixture.start(region: region, faults: faults, pageSize: 100)
        defer { Task { await fixture.shutdown() } }

        let instances = try await fixture.ec2.describeInstances()

        #expect(instances.count == 250)
        #expect(Set(instances.map(\.instanceId)) == Set(ids))
        // Three pages, each tried twice.
        #expect(fixture.proxy.seen.map(\.fault) == faults)
        #expect(fixture.proxy.seen.allSatisfy { $0.action == "DescribeInstances" })
        #expect(await fixture.metrics.count(for: "DescribeInstances") == 6)
        #expect(fixture.time.recordedSleeps == Array(repeating: .milliseconds(500), count: 3))
        let metrics = await fixture.policy.metrics
        #expect(metrics.successes == 3)
        #expect(metrics.retries == 3)
    }

    @Test("a page that keeps failing ends the read with RetriesExhausted, not a partial list")
    func failingPageEndsTheRead() async throws {
        let region = "ap-southeast-2"
        _ = try await FaultFixture.launchInstances(region: region, count: 6)
        let fixture = try await FaultFixture.start(
            region: region, faults: [.pass, .serverError(500), .serverError(500), .serverError(500)], pageSize: 5)
        defer { Task { await fixture.shutdown() } }

        let error = try await #require(throws: RetriesExhausted.self) {
            try await fixture.ec2.describeInstances()
        }

        #expect(error.action == "DescribeInstances")
        #expect(error.lastErrorCode == "InternalError")
        #expect(fixture.proxy.seen.count == 4)
    }
}
