import AWSClient
import Foundation
import Testing

/// Full reads of fleets larger than a page: every item comes back, and the number of
/// requests is the number of pages, never the number of instances.
@Suite("Pagination against the emulator")
struct PaginationMotoTests {
    @Test("DescribeInstances follows nextToken: 250 instances in pages of 100 take 3 requests")
    func instancesInPages() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let region = "ap-southeast-1"
        let ids = try await moto.launchInstances(region: region, count: 250)
        #expect(ids.count == 250)

        let paged = try AWSTestClients(endpoint: moto.server.endpoint, region: region, credentials: moto.admin, pageSize: 100)
        defer { Task { await paged.shutdown() } }
        let instances = try await paged.ec2.describeInstances()
        #expect(instances.count == 250)
        #expect(Set(instances.map(\.instanceId)) == Set(ids))
        #expect(await paged.metrics.count(for: "DescribeInstances") == 3)

        let full = try moto.clients(region: region)
        defer { Task { await full.shutdown() } }
        #expect(try await full.ec2.describeInstances().count == 250)
        #expect(await full.metrics.count(for: "DescribeInstances") == 1)
    }

    @Test("DescribeIamInstanceProfileAssociations follows NextToken over 250 associations")
    func associationsInPages() async throws {
        let moto = try await SharedMoto.shared.fixture()
        let region = "ap-northeast-1"
        _ = try await moto.createInstanceProfile(name: "paging-profile", roleName: "paging-role")
        let ids = try await moto.launchInstances(region: region, count: 250, profile: "paging-profile")
        let clients = try moto.clients(region: region)
        defer { Task { await clients.shutdown() } }

        let associations = try await clients.ec2.describeIamInstanceProfileAssociations()
        #expect(associations.count == 250)
        #expect(Set(associations.map(\.instanceId)) == Set(ids))
        #expect(Set(associations.map(\.associationId)).count == 250)
        // The emulator pages associations by 100 whatever MaxResults says (AWS-NOTES).
        #expect(await clients.metrics.count(for: "DescribeIamInstanceProfileAssociations") == 3)
        #expect(await clients.metrics.total == 3)
    }
}
