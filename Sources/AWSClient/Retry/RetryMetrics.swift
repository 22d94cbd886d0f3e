/// Counters of what `RequestPolicy` has done, labelled by outcome only (a bounded label set).
public struct RetryMetrics: Sendable, Equatable {
    public var attempts = 0
    public var successes = 0
    public var throttles = 0
    public var transientFailures = 0
    public var propagationFailures = 0
    public var terminalFailures = 0
    /// Failed attempts that were tried again.
    public var retries = 0
    /// Calls abandoned with `RetriesExhausted`.
    public var givenUp = 0

    public init() {}

    mutating func recordFailure(_ retryClass: RetryClass) {
        switch retryClass {
        case .throttling: throttles += 1
        case .transient: transientFailures += 1
        case .iamPropagation: propagationFailures += 1
        case .terminal: terminalFailures += 1
        }
    }
}
