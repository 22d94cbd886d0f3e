import AWSClient
import RoleSyncCore
import Testing
@testable import Reconciler

/// One target failing to be read is reported and the others are kept; only when nothing was
/// read at all, or the run is cancelled, does the read fail as a whole.
@Suite struct InventoryIsolationTests {
    static let east = Target(account: "111122223333", region: "us-east-1")
    static let west = Target(account: "111122223333", region: "us-west-2")
    static let outage = RetriesExhausted(
        action: "DescribeInstances", attempts: 3, reason: .attemptLimitReached, lastRetryClass: .transient,
        lastError: AWSServiceError(
            code: "Unavailable", message: "The service is unavailable.", requestId: nil, httpStatus: 503,
            action: "DescribeInstances"))

    static func reading(_ target: Target) -> AWSInventoryReader.TargetReading {
        AWSInventoryReader.TargetReading(
            target: target, instances: [LiveInstance(instanceId: "i-1", target: target, state: .running)], userData: UserDataScanResult())
    }

    @Test func aFailedTargetIsReportedWithItsReasonAndTheOthersAreKept() throws {
        let (readings, failed) = try AWSInventoryReader.partition([
            (Self.east, .success(Self.reading(Self.east))), (Self.west, .failure(Self.outage)),
        ])
        #expect(readings.map(\.target) == [Self.east])
        #expect(failed == [FailedTarget(
            target: Self.west,
            reason: "Unavailable: DescribeInstances gave up after 3 attempts (attempt limit reached): \(Self.outage.lastError)")])
    }

    @Test func nothingReadAtAllThrowsTheFirstError() {
        #expect(throws: RetriesExhausted.self) {
            try AWSInventoryReader.partition([(Self.east, .failure(Self.outage)), (Self.west, .failure(Self.outage))])
        }
    }

    @Test func cancellationIsNeverOneTargetsFailure() {
        #expect(throws: CancellationError.self) {
            try AWSInventoryReader.partition([
                (Self.east, .success(Self.reading(Self.east))), (Self.west, .failure(CancellationError())),
            ])
        }
    }

    @Test func anEmptyFleetIsNoFailure() throws {
        let (readings, failed) = try AWSInventoryReader.partition([])
        #expect(readings.isEmpty && failed.isEmpty)
    }
}
