import AWSClient
import Foundation
import Testing

/// The partition table and the public endpoints, checked against the installed botocore so a
/// wrong DNS suffix, IAM host or signing region cannot pass.
@Suite("Partitions against botocore")
struct PartitionTableTests {
    /// Asked once per test run; a missing python3 or botocore fails every test that needs it, saying why.
    static let botocore = Task { () -> Result<[BotocorePartition], BotocoreUnavailable> in
        do throws(BotocoreUnavailable) { return .success(try await BotocorePartition.load()) } catch { return .failure(error) }
    }

    @Test("botocore's data files can be read")
    func botocoreLoads() async throws {
        _ = try await Self.botocore.value.get()
    }

    @Test("the table has exactly botocore's partitions, with their DNS suffixes and region pattern")
    func partitionRows() async throws {
        let botocore = try await Self.botocore.value.get()
        #expect(Set(Partition.all.map(\.id)) == Set(botocore.map(\.id)))
        for reference in botocore {
            let row = try #require(Partition.all.first { $0.id == reference.id }, "missing \(reference.id)")
            #expect(row.dnsSuffix == reference.dnsSuffix, "\(reference.id)")
            #expect(row.dualStackDnsSuffix == reference.dualStackDnsSuffix, "\(reference.id)")
            #expect(row.regionRegex == reference.regionRegex, "\(reference.id)")
        }
    }

    /// Every region botocore lists × EC2, IAM, STS, DynamoDB, Auto Scaling × standard, FIPS, dual-stack, both: the
    /// same URL and signing region as a botocore client, or an error where botocore refuses.
    @Test("every region, service and endpoint variant resolves as a botocore client does")
    func regionEndpoints() async throws {
        let botocore = try await Self.botocore.value.get()
        var checked = 0
        var refused = 0
        for reference in botocore {
            for region in reference.regions {
                #expect(try Partition.of(region: region.name).id == reference.id, "\(region.name)")
                for service in Self.queryServices {
                    for variant in EndpointVariant.allCases {
                        let expected = try #require(
                            region.endpoints[service.rawValue]?[BotocorePartition.key(of: variant)],
                            "botocore gave nothing for \(service) \(variant) in \(region.name)")
                        let resolver = EndpointResolver(variant: variant)
                        let context = "\(service) \(variant) in \(region.name): botocore \(expected)"
                        if expected.error != nil {
                            let error = #expect(throws: EndpointUnavailableError.self, "\(context)") {
                                try resolver.endpoint(for: service, region: region.name)
                            }
                            #expect(error == EndpointUnavailableError(
                                service: service, region: region.name, partition: reference.id, variant: variant))
                            refused += 1
                        } else {
                            let endpoint = try resolver.endpoint(for: service, region: region.name)
                            #expect(endpoint.url.absoluteString == expected.url, "\(context)")
                            #expect(endpoint.signingRegion == expected.signingRegion, "\(context)")
                        }
                        checked += 1
                    }
                }
            }
        }
        // Eight partitions, each with at least one region, five services and four variants.
        #expect(checked >= 8 * 5 * 4)
        #expect(refused > 0, "botocore refuses some variants (dual-stack in aws-iso-e and aws-iso-f)")
    }

    /// The services whose every variant follows botocore; Organizations is checked on its own.
    static let queryServices: [AWSService] = [.ec2, .iam, .sts, .dynamodb, .autoscaling]

    /// Organizations' standard endpoint is botocore's in every region; FIPS resolves as
    /// botocore does where `endpoints.json` models it (aws, aws-us-gov), and every other
    /// variant is refused (botocore's rule set builds regional hosts there, some signed for
    /// another partition's region) rather than guessed.
    @Test("Organizations resolves as a botocore client does, or refuses the variant")
    func organizationsEndpoints() async throws {
        let botocore = try await Self.botocore.value.get()
        var matched = 0
        for reference in botocore {
            for region in reference.regions {
                for variant in EndpointVariant.allCases {
                    let expected = try #require(
                        region.endpoints["organizations"]?[BotocorePartition.key(of: variant)],
                        "botocore gave nothing for organizations \(variant) in \(region.name)")
                    let context = "organizations \(variant) in \(region.name): botocore \(expected)"
                    let resolver = EndpointResolver(variant: variant)
                    if variant == .standard || (variant == .fips && ["aws", "aws-us-gov"].contains(reference.id)) {
                        let endpoint = try resolver.endpoint(for: .organizations, region: region.name)
                        #expect(endpoint.url.absoluteString == expected.url, "\(context)")
                        #expect(endpoint.signingRegion == expected.signingRegion, "\(context)")
                        matched += 1
                    } else {
                        #expect(throws: EndpointUnavailableError(
                            service: .organizations, region: region.name, partition: reference.id, variant: variant),
                            "\(context)") { try resolver.endpoint(for: .organizations, region: region.name) }
                    }
                }
            }
        }
        #expect(matched >= 8, "every partition's standard endpoint at least")
        let dualStack = #expect(throws: EndpointUnavailableError.self) {
            try EndpointResolver(variant: .dualStack).endpoint(for: .organizations, region: "us-east-1")
        }
        #expect(String(describing: try #require(dualStack)).contains("turn off AWS_USE_DUALSTACK_ENDPOINT"))
    }

    @Test("FIPS and dual-stack endpoints named in the SDK documentation", arguments: [
        (AWSService.ec2, "us-east-1", EndpointVariant.fips, "https://ec2-fips.us-east-1.amazonaws.com", "us-east-1"),
        (.ec2, "us-east-1", .dualStack, "https://ec2.us-east-1.api.aws", "us-east-1"),
        (.sts, "us-east-1", .fips, "https://sts-fips.us-east-1.amazonaws.com", "us-east-1"),
        (.iam, "eu-west-1", .fips, "https://iam-fips.amazonaws.com", "us-east-1"),
        (.ec2, "us-gov-west-1", .fips, "https://ec2.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        (.sts, "us-gov-east-1", .fipsDualStack, "https://sts-fips.us-gov-east-1.api.aws", "us-gov-east-1"),
        (.iam, "cn-north-1", .fips, "https://iam-fips.amazonaws.com.cn", "cn-northwest-1"),
        (.autoscaling, "us-east-1", .fips, "https://autoscaling-fips.us-east-1.amazonaws.com", "us-east-1"),
        (.autoscaling, "us-gov-west-1", .fips, "https://autoscaling.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    ])
    func knownVariants(service: AWSService, region: String, variant: EndpointVariant, url: String, signingRegion: String)
        throws
    {
        let endpoint = try EndpointResolver(variant: variant).endpoint(for: service, region: region)
        #expect(endpoint.url.absoluteString == url)
        #expect(endpoint.signingRegion == signingRegion)
    }

    @Test("a variant the partition lacks is an error naming service, region and variant")
    func unavailableVariant() throws {
        let error = #expect(throws: EndpointUnavailableError.self) {
            try EndpointResolver(variant: .dualStack).endpoint(for: .sts, region: "eu-isoe-west-1")
        }
        let text = String(describing: try #require(error))
        #expect(text.hasPrefix("no dual-stack endpoint for sts in eu-isoe-west-1: partition aws-iso-e has none"))
        #expect(text.contains("AWS_USE_DUALSTACK_ENDPOINT"))
        #expect(!text.contains("AWS_USE_FIPS_ENDPOINT"))
        // FIPS is there: only the dual-stack switch is to blame.
        let both = #expect(throws: EndpointUnavailableError.self) {
            try EndpointResolver(variant: .fipsDualStack).endpoint(for: .ec2, region: "us-isof-south-1")
        }
        let bothText = String(describing: try #require(both))
        #expect(bothText.hasPrefix("no FIPS dual-stack endpoint for ec2 in us-isof-south-1: partition aws-iso-f has none"))
        #expect(bothText.contains("turn off AWS_USE_DUALSTACK_ENDPOINT (use_dualstack_endpoint), or"))
        #expect(!bothText.contains("AWS_USE_FIPS_ENDPOINT"))
    }

    @Test("an endpoint URL wins over the variant", arguments: EndpointVariant.allCases)
    func explicitURLWins(variant: EndpointVariant) throws {
        let resolver = EndpointResolver(environment: ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:4566"], variant: variant)
        let sts = try resolver.endpoint(for: .sts, region: "eu-isoe-west-1")
        #expect(sts.url.absoluteString == "http://127.0.0.1:4566")
        #expect(sts.signingRegion == "eu-isoe-west-1")
        let iam = try EndpointResolver(explicitURL: "http://127.0.0.1:4566", variant: variant).endpoint(for: .iam, region: "cn-north-1")
        #expect(iam.url.absoluteString == "http://127.0.0.1:4566")
        #expect(iam.signingRegion == "cn-north-1")
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
