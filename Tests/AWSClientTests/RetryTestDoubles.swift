import AWSClient
import Foundation

/// A clock that moves only when something sleeps on it (or a test advances it), recording
/// every requested sleep: tests of waiting never wait.
final class ManualTime: WallClock, Sleeper, @unchecked Sendable {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    private let lock = NSLock()
    private var current: Date
    private var sleeps: [Duration] = []

    init(start: Date = ManualTime.start) {
        current = start
    }

    func now() -> Date { lock.withLock { current } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        lock.withLock {
            sleeps.append(duration)
            current = current.addingTimeInterval(duration / .seconds(1))
        }
    }

    func advance(by duration: Duration) {
        lock.withLock { current = current.addingTimeInterval(duration / .seconds(1)) }
    }

    /// Every sleep requested so far, in order.
    var recordedSleeps: [Duration] { lock.withLock { sleeps } }

    /// Seconds since `start`.
    var elapsed: Double { now().timeIntervalSince(ManualTime.start) }
}

/// A call that fails with the scripted errors, in order, then succeeds with the attempt count;
/// records when each attempt happened.
final class ScriptedCall: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [any Error]
    private let failForever: (any Error)?
    private let clock: ManualTime
    private var times: [Double] = []

    init(failures: [any Error], clock: ManualTime) {
        self.failures = failures
        self.failForever = nil
        self.clock = clock
    }

    init(alwaysFailingWith error: any Error, clock: ManualTime) {
        self.failures = []
        self.failForever = error
        self.clock = clock
    }

    func callAsFunction() throws -> Int {
        try lock.withLock {
            times.append(clock.elapsed)
            if let failForever { throw failForever }
            if !failures.isEmpty { throw failures.removeFirst() }
            return times.count
        }
    }

    var attempts: Int { lock.withLock { times.count } }
    /// Seconds since the manual clock's start at which each attempt ran.
    var attemptTimes: [Double] { lock.withLock { times } }
}

/// AWS errors as the transport decodes them.
enum SampleErrors {
    static func service(_ code: String, status: Int = 400, message: String = "sample message", action: String = "DescribeInstances") -> AWSServiceError {
        AWSServiceError(code: code, message: message, requestId: "req-1", httpStatus: status, action: action)
    }

    static let throttle = service("RequestLimitExceeded", status: 503, message: "Request limit exceeded.")
    static let unavailable = service("Unavailable", status: 503)
    static let authFailure = service("AuthFailure", status: 401, message: "AWS was not able to validate the provided access credentials")
    static let profileNotYetVisible = service(
        "InvalidParameterValue", message: "Value (new-profile) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name",
        action: "AssociateIamInstanceProfile")
}

extension RateLimitKey {
    static let sample = RateLimitKey(account: "123456789012", region: "eu-west-1", bucket: .nonMutating)
    static let sampleAssociate = RateLimitKey(account: "123456789012", region: "eu-west-1", bucket: .associate)
}
