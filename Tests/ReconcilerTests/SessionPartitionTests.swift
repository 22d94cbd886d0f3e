import AWSClient
import Foundation
import Reconciler
import RoleSyncCore
import Testing

/// The session's regions: checked before any URL, one partition per run, STS and IAM moved
/// into the targets' partition.
@Suite("Session regions and partitions")
struct SessionPartitionTests {
    /// Keys from the environment, and every endpoint a closed loopback port: a request that
    /// is made fails at once, one attempt, so a test sees whether it got that far.
    static func session(_ extra: [String: String] = [:], regions: [String] = []) throws -> AWSSession {
        let environment = [
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLEKEY01", "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": "http://127.0.0.1:1",
        ].merging(extra) { _, new in new }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("rolesync-no-home-\(UUID())")
        return try AWSSession(
            settings: AWSSettings(regions: regions, environment: environment, homeDirectory: home.path),
            policy: RequestPolicy(configuration: RetryConfiguration(maxAttempts: 1)))
    }

    static func desired(regions: [String], accounts: [AccountTarget] = []) -> DesiredState {
        DesiredState(revision: "r", assignments: [], policy: ReconcilePolicy(regions: regions, accounts: accounts))
    }

    @Test("a policy listing only cn-north-1 moves STS and IAM to the aws-cn partition")
    func homeFollowsChinaPolicy() async throws {
        let session = try Self.session()
        #expect(session.homeRegion == "us-east-1")
        let resolver = SessionTargetResolver(session: session, regionOverrides: [])
        // The identity call is made (and fails on the closed port) in the targets' partition.
        await #expect(throws: (any Error).self) { try await resolver.resolveTargets(for: Self.desired(regions: ["cn-north-1"])) }
        await session.shutdown()
        #expect(session.homeRegion == "cn-north-1")
        let endpoints = EndpointResolver()
        #expect(try endpoints.endpoint(for: .sts, region: session.homeRegion).url.absoluteString
            == "https://sts.cn-north-1.amazonaws.com.cn")
        let iam = try endpoints.endpoint(for: .iam, region: session.homeRegion)
        #expect(iam.url.absoluteString == "https://iam.cn-north-1.amazonaws.com.cn" && iam.signingRegion == "cn-north-1")
    }

    @Test("the configured region is kept when it lies in the targets' partition", arguments: [
        ("cn-northwest-1", ["cn-north-1"], "cn-northwest-1"),
        ("us-west-2", ["cn-north-1"], "cn-north-1"),
        ("us-west-2", ["eu-west-1", "us-east-1"], "us-west-2"),
    ])
    func configuredRegionKept(configured: String, targets: [String], home: String) async throws {
        let session = try Self.session(["AWS_REGION": configured])
        let partition = try session.settleHomeRegion(forTargets: targets)
        await session.shutdown()
        #expect(partition == (try Partition.of(region: targets[0])))
        #expect(session.homeRegion == home)
    }

    @Test("--region flags settle the home region at construction")
    func flagsSettleHome() async throws {
        let session = try Self.session(["AWS_REGION": "us-east-1"], regions: ["us-gov-west-1"])
        await session.shutdown()
        #expect(session.homeRegion == "us-gov-west-1")
    }

    @Test("policy regions of two partitions are refused before any request, naming them")
    func crossPartitionPolicy() async throws {
        let session = try Self.session()
        let resolver = SessionTargetResolver(session: session, regionOverrides: [])
        let error = await #expect(throws: TargetError.self) {
            try await resolver.resolveTargets(for: Self.desired(regions: ["us-east-1", "cn-north-1"]))
        }
        await session.shutdown()
        let text = String(describing: try #require(error))
        #expect(text.contains("us-east-1 (aws)") && text.contains("cn-north-1 (aws-cn)"))
        #expect(session.homeRegion == "us-east-1")
    }

    @Test("a roleArn of another partition than the targets is refused before any request")
    func roleArnPartition() async throws {
        let session = try Self.session()
        let resolver = SessionTargetResolver(session: session, regionOverrides: [])
        let accounts = [AccountTarget(id: "111122223333", roleArn: "arn:aws:iam::111122223333:role/rolesync")]
        let error = await #expect(throws: TargetError.self) {
            try await resolver.resolveTargets(for: Self.desired(regions: ["cn-north-1"], accounts: accounts))
        }
        await session.shutdown()
        #expect(String(describing: try #require(error)).contains("arn:aws-cn:iam::111122223333:role/"))
    }

    @Test("a malformed or unknown region from the environment or flags is a clear error at construction", arguments: [
        (["AWS_REGION": "us-east-1/../x"], [String]()),
        (["AWS_DEFAULT_REGION": "mars-north-1"], []),
        ([:], ["us-east-1", "cn-north-1"]),
        ([:], ["US-EAST-1"]),
    ])
    func invalidRegions(environment: [String: String], flags: [String]) {
        let error = #expect(throws: TargetError.self) { try Self.session(environment, regions: flags) }
        guard case .invalidRegion? = error else {
            Issue.record("expected invalidRegion, got \(String(describing: error))")
            return
        }
    }
}
