import Foundation

/// An AWS partition: a group of regions with its own DNS suffix, its own IAM, its own accounts
/// and credentials, and its own ARN prefix (`arn:aws-cn:…`). Nothing crosses a partition: keys
/// of `aws` are unknown in `aws-cn`, so a run must stay inside one.
///
/// The table follows botocore's `data/partitions.json` (id, DNS suffix, region regex) and the
/// IAM endpoint rule set (`data/iam/2010-05-08/endpoint-rule-set-1.json`) for IAM's one global
/// endpoint per partition; `PartitionTableTests` compares every row against those files.
public struct Partition: Sendable, Hashable, CustomStringConvertible {
    /// `aws`, `aws-cn`, `aws-us-gov`, …: also the partition field of its ARNs.
    public var id: String
    /// Public endpoints are `<service>.<region>.<dnsSuffix>`.
    public var dnsSuffix: String
    /// botocore's pattern of the partition's region names, kept verbatim.
    public var regionRegex: String
    /// IAM has one endpoint per partition, whatever the region.
    public var iamHost: String
    /// The region IAM requests are signed for.
    public var iamSigningRegion: String

    public var description: String { id }

    /// Every partition botocore knows, the commercial one first.
    public static let all: [Partition] = [
        Partition(
            id: "aws", dnsSuffix: "amazonaws.com", regionRegex: #"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$"#,
            iamHost: "iam.amazonaws.com", iamSigningRegion: "us-east-1"),
        Partition(
            id: "aws-cn", dnsSuffix: "amazonaws.com.cn", regionRegex: #"^cn\-\w+\-\d+$"#,
            iamHost: "iam.cn-north-1.amazonaws.com.cn", iamSigningRegion: "cn-north-1"),
        Partition(
            id: "aws-us-gov", dnsSuffix: "amazonaws.com", regionRegex: #"^us\-gov\-\w+\-\d+$"#,
            iamHost: "iam.us-gov.amazonaws.com", iamSigningRegion: "us-gov-west-1"),
        Partition(
            id: "aws-iso", dnsSuffix: "c2s.ic.gov", regionRegex: #"^us\-iso\-\w+\-\d+$"#,
            iamHost: "iam.us-iso-east-1.c2s.ic.gov", iamSigningRegion: "us-iso-east-1"),
        Partition(
            id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", regionRegex: #"^us\-isob\-\w+\-\d+$"#,
            iamHost: "iam.us-isob-east-1.sc2s.sgov.gov", iamSigningRegion: "us-isob-east-1"),
        Partition(
            id: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", regionRegex: #"^eu\-isoe\-\w+\-\d+$"#,
            iamHost: "iam.eu-isoe-west-1.cloud.adc-e.uk", iamSigningRegion: "eu-isoe-west-1"),
        Partition(
            id: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", regionRegex: #"^us\-isof\-\w+\-\d+$"#,
            iamHost: "iam.us-isof-south-1.csp.hci.ic.gov", iamSigningRegion: "us-isof-south-1"),
        Partition(
            id: "aws-eusc", dnsSuffix: "amazonaws.eu", regionRegex: #"^eusc\-(de)\-\w+\-\d+$"#,
            iamHost: "iam.eusc-de-east-1.amazonaws.eu", iamSigningRegion: "eusc-de-east-1"),
    ]

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
