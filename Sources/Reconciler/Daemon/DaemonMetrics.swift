import AWSClient
import CoreMetrics
import Foundation
import Metrics
import Prometheus
import RoleSyncCore

/// The daemon's metrics, kept in a Prometheus registry through swift-metrics. Every label set
/// is bounded by an enum (result, drift kind, action type and status, failure reason, AWS call
/// outcome) and every series is created up front, so dashboards see zeros rather than gaps.
///
/// Each daemon owns its registry (no global bootstrap), so tests can run several side by side.
public final class DaemonMetrics: Sendable {
    public static let reconcileBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
    ]

    public let registry: PrometheusCollectorRegistry
    private let reconciles: [Bool: CoreMetrics.Counter]
    private let driftChecks: [Bool: CoreMetrics.Counter]
    private let eventConverges: [Bool: CoreMetrics.Counter]
    private let cycleErrors: [CycleFailureReason: CoreMetrics.Counter]
    private let reconcileDuration: CoreMetrics.Timer
    private let driftItems: [DriftKind: CoreMetrics.Gauge]
    private let actions: [ActionTally: CoreMetrics.Counter]
    private let lastSuccess: CoreMetrics.Gauge
    private let desiredStateValid: CoreMetrics.Gauge
    private let awsRequests: [String: CoreMetrics.Counter]
    private let awsRetries: CoreMetrics.Counter
    private let awsGivenUp: CoreMetrics.Counter
    private let leaseShards: CoreMetrics.Gauge
    private let leaseUnrenewed: CoreMetrics.Gauge
    private let leaseAcquisitions: CoreMetrics.Counter
    private let leaseSteals: CoreMetrics.Counter
    private let leaseRenewalFailures: CoreMetrics.Counter
    private let events: [EventOutcome: CoreMetrics.Counter]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["rolesync_reconcile_duration_seconds"] = Self.reconcileBuckets
        let results = [true: "success", false: "error"]
        reconciles = results.mapValues { CoreMetrics.Counter(label: "rolesync_reconcile_total", dimensions: [("result", $0)], factory: factory) }
        driftChecks = results.mapValues {
            CoreMetrics.Counter(label: "rolesync_drift_checks_total", dimensions: [("result", $0)], factory: factory)
        }
        eventConverges = results.mapValues {
            CoreMetrics.Counter(label: "rolesync_event_converges_total", dimensions: [("result", $0)], factory: factory)
        }
        cycleErrors = Dictionary(uniqueKeysWithValues: CycleFailureReason.allCases.map {
            ($0, CoreMetrics.Counter(label: "rolesync_cycle_errors_total", dimensions: [("reason", $0.rawValue)], factory: factory))
        })
        reconcileDuration = CoreMetrics.Timer(label: "rolesync_reconcile_duration_seconds", factory: factory)
        driftItems = Dictionary(uniqueKeysWithValues: DriftKind.allCases.map {
            ($0, CoreMetrics.Gauge(label: "rolesync_drift_items", dimensions: [("kind", $0.rawValue)], factory: factory))
        })
        var actions: [ActionTally: CoreMetrics.Counter] = [:]
        for type in ActionType.allCases {
            for status in ActionStatus.allCases {
                actions[ActionTally(type: type, status: status)] = CoreMetrics.Counter(
                    label: "rolesync_actions_total", dimensions: [("type", type.rawValue), ("status", status.rawValue)],
                    factory: factory)
            }
        }
        self.actions = actions
        lastSuccess = CoreMetrics.Gauge(label: "rolesync_last_success_timestamp_seconds", factory: factory)
        desiredStateValid = CoreMetrics.Gauge(label: "rolesync_desired_state_valid", factory: factory)
        awsRequests = Dictionary(uniqueKeysWithValues: AWSCallDelta.outcomes.map {
            ($0, CoreMetrics.Counter(label: "rolesync_aws_requests_total", dimensions: [("outcome", $0)], factory: factory))
        })
        awsRetries = CoreMetrics.Counter(label: "rolesync_aws_retries_total", factory: factory)
        awsGivenUp = CoreMetrics.Counter(label: "rolesync_aws_given_up_total", factory: factory)
        leaseShards = CoreMetrics.Gauge(label: "rolesync_lease_shards_owned", factory: factory)
        leaseUnrenewed = CoreMetrics.Gauge(label: "rolesync_lease_shards_unrenewed", factory: factory)
        leaseAcquisitions = CoreMetrics.Counter(label: "rolesync_lease_acquisitions_total", factory: factory)
        leaseSteals = CoreMetrics.Counter(label: "rolesync_lease_steals_total", factory: factory)
        leaseRenewalFailures = CoreMetrics.Counter(label: "rolesync_lease_renewal_failures_total", factory: factory)
        events = Dictionary(uniqueKeysWithValues: EventOutcome.allCases.map {
            ($0, CoreMetrics.Counter(label: "rolesync_events_total", dimensions: [("result", $0.rawValue)], factory: factory))
        })
    }

    /// A lease pass: shards owned, and what changed since the previous pass's tally.
    /// `rolesync_lease_shards_unrenewed` counts shards no replica renewed within twice the
    /// failover time: the alarm for a shard nobody reconciles.
    public func record(leases current: LeaseTally, since previous: LeaseTally, owned: Int) {
        leaseShards.record(owned)
        leaseUnrenewed.record(current.unrenewed)
        if current.acquisitions > previous.acquisitions { leaseAcquisitions.increment(by: current.acquisitions - previous.acquisitions) }
        if current.steals > previous.steals { leaseSteals.increment(by: current.steals - previous.steals) }
        if current.renewalFailures > previous.renewalFailures {
            leaseRenewalFailures.increment(by: current.renewalFailures - previous.renewalFailures)
        }
    }

    /// Counts what became of a message from the events queue.
    public func record(event outcome: EventOutcome) {
        events[outcome]?.increment()
    }

    /// Counts a finished cycle and updates the gauges it informs. An event converge sees only
    /// what its events name: it counts its actions but leaves the fleet-wide gauges (drift
    /// items, last success) to the full cycles.
    public func record(_ result: CycleResult) {
        let counters = switch result.kind {
        case .converge: reconciles
        case .eventConverge: eventConverges
        case .driftCheck: driftChecks
        }
        counters[result.succeeded]?.increment()
        if result.kind == .converge {
            reconcileDuration.recordNanoseconds(Int64(max(0, result.duration) * 1e9))
        }
        switch result.outcome {
        case .succeeded(let summary):
            desiredStateValid.record(1)
            if result.kind != .eventConverge {
                lastSuccess.record(result.finishedAt.timeIntervalSince1970)
                for (kind, gauge) in driftItems { gauge.record(summary.drift[kind, default: 0]) }
            }
            if result.kind != .driftCheck {
                for (tally, count) in summary.actions where count > 0 { actions[tally]?.increment(by: count) }
            }
        case .failed(let failure):
            cycleErrors[failure.reason]?.increment()
            // Only a desired state known to be bad says 0; a git or AWS failure says nothing about it.
            if failure.reason == .invalidDesiredState || failure.reason == .emptyDesiredState {
                desiredStateValid.record(0)
            }
        }
    }

    /// Adds what the AWS request policy did since the previous call.
    public func record(_ delta: AWSCallDelta) {
        for (outcome, count) in delta.requests where count > 0 { awsRequests[outcome]?.increment(by: count) }
        if delta.retries > 0 { awsRetries.increment(by: delta.retries) }
        if delta.givenUp > 0 { awsGivenUp.increment(by: delta.givenUp) }
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func render() -> String {
        registry.emitToString()
    }
}

/// What `RequestPolicy` did between two readings of its counters.
public struct AWSCallDelta: Sendable, Equatable {
    /// The `outcome` labels of `rolesync_aws_requests_total`.
    public static let outcomes = ["success", "throttled", "transient", "iam-propagation", "terminal"]

    public var requests: [String: Int]
    public var retries: Int
    public var givenUp: Int

    /// The difference `current - previous` of two readings of the same policy's counters.
    public init(from previous: RetryMetrics, to current: RetryMetrics) {
        requests = [
            "success": current.successes - previous.successes,
            "throttled": current.throttles - previous.throttles,
            "transient": current.transientFailures - previous.transientFailures,
            "iam-propagation": current.propagationFailures - previous.propagationFailures,
            "terminal": current.terminalFailures - previous.terminalFailures,
        ]
        retries = current.retries - previous.retries
        givenUp = current.givenUp - previous.givenUp
    }
}
