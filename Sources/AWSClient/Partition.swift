import Foundation

/// An AWS partition: a group of regions with its own DNS suffix, its own IAM, its own accounts
/// and credentials, and its own ARN prefix (`arn:aws-cn:…`). Nothing crosses a partition: keys
/// of `aws` are unknown in `aws-cn`, so a run must stay inside one.
///
/// The rows (`Partition+Table.swift`) follow botocore's data files: `data/partitions.json` (id,
/// DNS suffixes, region regex), the endpoint rule sets of EC2, STS, Auto Scaling and IAM
/// (`data/<service>/<version>/endpoint-rule-set-1.json`) for the URL of each endpoint variant,
/// and `data/endpoints.json` for which variants a partition has at all. `PartitionTableTests`
/// compares every region, service and variant against a real botocore client.
public struct Partition: Sendable, Hashable, CustomStringConvertible {
    /// `aws`, `aws-cn`, `aws-us-gov`, …: also the partition field of its ARNs.
    public var id: String
    /// Public endpoints are `<service>.<region>.<dnsSuffix>`.
    public var dnsSuffix: String
    /// Dual-stack (IPv4 and IPv6) endpoints are `<service>.<region>.<dualStackDnsSuffix>`.
    public var dualStackDnsSuffix: String
    /// botocore's pattern of the partition's region names, kept verbatim.
    public var regionRegex: String
    /// Whether the partition has FIPS endpoints, and dual-stack ones. botocore refuses dual-stack
    /// in `aws-iso-e` and `aws-iso-f`: `endpoints.json` models no dual-stack variant there, though
    /// the rule sets would build a host name.
    public var hasFIPSEndpoints: Bool
    public var hasDualStackEndpoints: Bool
    /// In `aws-us-gov` the ordinary EC2 and STS endpoints are the FIPS ones: the rule sets send
    /// FIPS without dual-stack to `<service>.<region>.amazonaws.com`.
    public var fipsUsesStandardRegionalHost: Bool
    /// IAM has one endpoint per partition and variant, whatever the region, each with the
    /// region its requests are signed for (not always the same one: `aws-cn` signs FIPS for
    /// cn-northwest-1, the rest for cn-north-1).
    public var iamEndpoints: [EndpointVariant: GlobalEndpoint]
    /// AWS Organizations' one endpoint per partition, by variant (from `data/endpoints.json`).
    public var organizationsEndpoints: [EndpointVariant: GlobalEndpoint]

    /// A global service's host and the region its requests are signed for.
    public struct GlobalEndpoint: Sendable, Hashable {
        public var host: String
        public var signingRegion: String

        public init(_ host: String, signingRegion: String) {
            self.host = host
            self.signingRegion = signingRegion
        }
    }

    public var description: String { id }

    /// Whether the partition has endpoints of `variant` at all.
    public func offers(_ variant: EndpointVariant) -> Bool {
        (!variant.usesFIPS || hasFIPSEndpoints) && (!variant.usesDualStack || hasDualStackEndpoints)
    }

    /// The partition `region` belongs to, after checking its spelling.
    ///
    /// botocore falls back to `aws` for a region no pattern matches; rolesync refuses it
    /// instead, because a typo would otherwise become a URL that fails far from its cause.
    public static func of(region: String) throws -> Partition {
        // Lower-case words joined by hyphens, ending in a number (`us-gov-west-1`,
        // `eusc-de-east-1`): checked first so nothing odd reaches a host name.
        guard region.wholeMatch(of: /[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}/) != nil else { throw RegionError.malformed(region) }
        guard let partition = all.first(where: { $0.matches(region) }) else { throw RegionError.unknownPartition(region) }
        return partition
    }

    /// The one partition all of `regions` belong to; refuses a mix, naming each region's.
    public static func common(to regions: [String]) throws -> Partition? {
        let pairs = try regions.map { ($0, try of(region: $0)) }
        let partitions = Set(pairs.map(\.1.id))
        guard partitions.count <= 1 else {
            throw RegionError.crossPartition(pairs.map { "\($0.0) (\($0.1.id))" })
        }
        return pairs.first?.1
    }

    /// The ARN of an IAM resource in this partition: `arn:<id>:iam::<account>:<resource>`.
    public func iamArn(account: String, resource: String) -> String {
        "arn:\(id):iam::\(account):\(resource)"
    }

    /// The partition field of `arn` (`arn:aws-cn:iam::…` → `aws-cn`), nil if it is no ARN.
    public static func id(ofArn arn: String) -> String? {
        let fields = arn.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == "arn", !fields[1].isEmpty else { return nil }
        return String(fields[1])
    }

    func matches(_ region: String) -> Bool {
        (try? NSRegularExpression(pattern: regionRegex))
            .map { $0.firstMatch(in: region, range: NSRange(region.startIndex..., in: region)) != nil } ?? false
    }
}

/// A region rolesync cannot build endpoints for.
public enum RegionError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownPartition(String)
    /// Regions of more than one partition, each given as `region (partition)`.
    case crossPartition([String])

    public var description: String {
        switch self {
        case .malformed(let region):
            "invalid region \"\(region)\": expected lower-case words and a number, like us-east-1 or cn-north-1"
        case .unknownPartition(let region):
            "unknown region \"\(region)\": it matches no AWS partition (\(Partition.all.map(\.id).joined(separator: ", ")))"
        case .crossPartition(let regions):
            "the targets span AWS partitions, which share no credentials: \(regions.joined(separator: ", ")); run once per partition"
        }
    }
}
