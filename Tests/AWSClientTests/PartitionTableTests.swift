import AWSClient
import Foundation
import Testing

/// The partition table and the public endpoints, checked against the installed botocore so a
/// wrong DNS suffix, IAM host or signing region cannot pass.
@Suite("Partitions against botocore")
struct PartitionTableTests {
    static let botocore: [BotocorePartition] = (try? BotocorePartition.load()) ?? []

    @Test("botocore's data files can be read")
    func botocoreLoads() throws {
        _ = try BotocorePartition.load()
    }

    @Test("the table has exactly botocore's partitions, with their DNS suffix and region pattern")
    func partitionRows() throws {
        try #require(!Self.botocore.isEmpty)
        #expect(Set(Partition.all.map(\.id)) == Set(Self.botocore.map(\.id)))
        for reference in Self.botocore {
            let row = try #require(Partition.all.first { $0.id == reference.id }, "missing \(reference.id)")
            #expect(row.dnsSuffix == reference.dnsSuffix, "\(reference.id)")
            #expect(row.regionRegex == reference.regionRegex, "\(reference.id)")
        }
    }

    @Test("every region botocore lists is placed in its partition and resolves to its endpoints")
    func regionEndpoints() throws {
        try #require(!Self.botocore.isEmpty)
        let resolver = EndpointResolver()
        var checked = 0
        for reference in Self.botocore {
            for region in reference.regions {
                #expect(try Partition.of(region: region.name).id == reference.id, "\(region.name)")
                for service in AWSService.allCases {
                    let expected = try #require(region.endpoints[service.rawValue])
                    let endpoint = try resolver.endpoint(for: service, region: region.name)
                    #expect(
                        BotocorePartition.Endpoint(url: endpoint.url.absoluteString, signingRegion: endpoint.signingRegion)
                            == expected, "\(service) in \(region.name)")
                    checked += 1
                }
            }
        }
        // Seven or more partitions, each with at least one region and three services.
        #expect(checked >= 7 * 3)
    }

    @Test("IAM's global endpoint per partition", arguments: [
        ("us-west-2", "https://iam.amazonaws.com", "us-east-1"),
        ("cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        ("us-gov-east-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
    ])
    func iamGlobal(region: String, url: String, signingRegion: String) throws {
        let endpoint = try EndpointResolver().endpoint(for: .iam, region: region)
        #expect(endpoint.url.absoluteString == url)
        #expect(endpoint.signingRegion == signingRegion)
    }

    @Test("a malformed region is an error, never a URL", arguments: [
        "", "US-EAST-1", "us-east-1 ", "us_east_1", "us-east", "useast1", "us-east-1/", "us-east-1.evil.com",
        "ec2.us-east-1", "us--east-1", "-us-east-1", "us-east-100",
    ])
    func malformedRegion(region: String) {
        #expect(throws: RegionError.malformed(region)) {
            try EndpointResolver().endpoint(for: .ec2, region: region)
        }
        #expect(throws: RegionError.malformed(region)) {
            try EndpointResolver(explicitURL: "http://127.0.0.1:1").endpoint(for: .sts, region: region)
        }
    }

    @Test("a well-formed region of no partition is an error", arguments: ["xx-east-1", "zz-north-2", "eusc-fr-east-1"])
    func unknownPartition(region: String) {
        #expect(throws: RegionError.unknownPartition(region)) { try Partition.of(region: region) }
    }

    @Test("regions of two partitions are refused, naming each region's partition")
    func crossPartition() throws {
        let error = #expect(throws: RegionError.self) {
            try Partition.common(to: ["us-east-1", "cn-north-1", "eu-west-1"])
        }
        let text = String(describing: try #require(error))
        #expect(text.contains("us-east-1 (aws)"))
        #expect(text.contains("cn-north-1 (aws-cn)"))
        #expect(try Partition.common(to: ["cn-north-1", "cn-northwest-1"])?.id == "aws-cn")
        #expect(try Partition.common(to: []) == nil)
    }

    @Test("ARNs carry their partition")
    func arns() throws {
        let china = try Partition.of(region: "cn-north-1")
        #expect(china.iamArn(account: "111122223333", resource: "role/r") == "arn:aws-cn:iam::111122223333:role/r")
        #expect(Partition.id(ofArn: "arn:aws-us-gov:iam::111122223333:role/r") == "aws-us-gov")
        #expect(Partition.id(ofArn: "rolesync") == nil)
    }
}
