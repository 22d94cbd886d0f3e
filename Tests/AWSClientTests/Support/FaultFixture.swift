import AWSClient
import Foundation
import TestSupport

/// EC2 and IAM clients that reach the shared emulator through a fault proxy, under a request
/// policy on manual time: backoffs and rate-limiter waits are recorded, never slept, and the
/// jitter is fixed, so the delays a test sees are exactly the formula's.
struct FaultFixture: Sendable {
    /// The jitter every retry uses: half of the backoff ceiling.
    static let jitter = 0.5

    let moto: MotoFixture
    let proxy: FaultProxy
    let time: ManualTime
    let policy: RequestPolicy
    let transport: QueryTransport
    let metrics = RequestMetrics()
    let ec2: EC2Client
    let iam: IAMClient
    let region: String

    /// A fresh proxy in front of the shared emulator, with `faults` for its first requests.
    /// - Parameters:
    ///   - region: each test works in its own region of the shared emulator.
    ///   - credentials: the administrator's keys unless given.
    static func start(
        region: String, faults: [Fault] = [], credentials: AWSCredentials? = nil, pageSize: Int = 1000
    ) async throws -> FaultFixture {
        let moto = try await SharedMoto.shared.fixture()
        let proxy = try await FaultProxy.start(upstream: moto.server.endpoint, faults: faults)
        return try FaultFixture(
            moto: moto, proxy: proxy, region: region, credentials: credentials ?? moto.admin, pageSize: pageSize)
    }

    private init(moto: MotoFixture, proxy: FaultProxy, region: String, credentials: AWSCredentials, pageSize: Int) throws {
        self.moto = moto
        self.proxy = proxy
        self.region = region
        let time = ManualTime()
        self.time = time
        let jitter = Self.jitter
        policy = RequestPolicy(sleeper: time, clock: time, random: { jitter })
        // A dropped connection is reported at once; the read timeout is generous because the
        // emulator answers large tagged pages slowly on a busy machine, and a real timeout
        // would add an attempt the schedule does not expect.
        transport = QueryTransport(
            configuration: TransportConfiguration(
                connectTimeout: .seconds(5), readTimeout: .seconds(120), requestTimeout: .seconds(180)),
            metrics: metrics)
        let endpoints = EndpointResolver(environment: ["AWS_ENDPOINT_URL": proxy.endpoint])
        let provider = StaticCredentialProvider(credentials)
        ec2 = EC2Client(
            region: region, endpoint: try endpoints.endpoint(for: .ec2, region: region), credentials: provider,
            policy: policy, account: MotoFixture.account, transport: transport, pageSize: pageSize)
        iam = IAMClient(
            endpoint: try endpoints.endpoint(for: .iam, region: region), credentials: provider, policy: policy,
            account: MotoFixture.account, transport: transport)
    }

    /// The key EC2's paginated and filtered reads draw from in this fixture's region.
    var nonMutatingKey: RateLimitKey {
        RateLimitKey(account: MotoFixture.account, region: region, bucket: .nonMutating)
    }

    /// The backoffs standard mode waits before retries 1...n with the fixed jitter:
    /// `jitter × min(2^(retry−1), 20)` seconds (botocore `retries/standard.py`).
    static func standardBackoffs(retries: Int) -> [Duration] {
        (0..<retries).map { retry in .seconds(jitter * min(pow(2, Double(retry)), 20)) }
    }

    func shutdown() async {
        try? await transport.shutdown()
        await proxy.stop()
    }

    /// Launches instances through boto3, which takes seconds; the wait holds no pool thread.
    static func launchInstances(region: String, count: Int) async throws -> [String] {
        try await SharedMoto.shared.fixture().launchInstances(region: region, count: count)
    }
}
