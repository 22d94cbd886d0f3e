import Foundation

/// What the fault proxy does with one request.
///
/// Request faults answer without reaching the emulator: nothing happened in EC2. Reply faults
/// (`malformedXML`, `reply`) forward first and then spoil the answer: the call took effect and
/// only its answer was lost, the case a client must settle by reading the state again.
public enum Fault: Sendable, Hashable, CustomStringConvertible {
    /// Forward to the emulator and relay its answer unchanged.
    case pass
    /// HTTP 503 with a throttling error document (`RequestLimitExceeded` for EC2, `Throttling`
    /// for IAM and STS), without reaching the emulator.
    case throttle
    /// This 5xx status with an `InternalError` document.
    case serverError(Int)
    /// HTTP 503 with an `Unavailable` document.
    case serviceUnavailable
    /// Read the request, then close the connection without a word.
    case dropConnection
    /// Hold the connection without answering for the proxy's hang time, then close it: past
    /// the client's read timeout.
    case hang
    /// HTTP 200 with half an error document, without reaching the emulator.
    case truncatedRequest
    /// Forward to the emulator, then relay HTTP 200 with only the first half of its answer, as
    /// when a connection is cut mid-body behind a proxy that already sent the status.
    case malformedXML
    /// Forward to the emulator, then spoil its answer this way.
    case reply(ReplyFault)
    /// An AWS error document with this status and code, without reaching the emulator.
    case awsError(status: Int, code: String)

    /// Whether the request reaches the emulator (and so takes effect there).
    public var reachesEmulator: Bool {
        switch self {
        case .pass, .malformedXML, .reply: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .pass: "pass"
        case .throttle: "throttle"
        case .serverError(let status): "serverError(\(status))"
        case .serviceUnavailable: "serviceUnavailable"
        case .dropConnection: "dropConnection"
        case .hang: "hang"
        case .truncatedRequest: "truncatedRequest"
        case .malformedXML: "malformedXML"
        case .reply(let fault): "reply.\(fault)"
        case .awsError(let status, let code): "awsError(\(status), \(code))"
        }
    }
}

/// How the proxy spoils an answer it got from the emulator.
public enum ReplyFault: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Close the connection without relaying the answer.
    case drop
    /// Hold the answer back past the client's read timeout, then close.
    case hang
    /// HTTP 200 with the first half of the answer.
    case truncated
    /// HTTP 200 with a body that is not XML at all.
    case malformed
    /// HTTP 500 with an `InternalError` document in place of the answer.
    case serverError

    public var description: String { rawValue }
}

/// One request the proxy saw: the API action it named and what was done with it.
public struct FaultProxyEntry: Sendable, Equatable {
    public var action: String
    public var fault: Fault

    public init(action: String, fault: Fault) {
        self.action = action
        self.fault = fault
    }
}

/// The faults for the next requests. Scripted faults are consumed one per request in arrival
/// order, then faults forced on an action's next requests; after them, requests for a failing region get a request fault each, and the others
/// draw from the random rates (none: every request passes). Shared by the proxy's
/// connections, so behind a lock.
public final class FaultSchedule: @unchecked Sendable {
    private let lock = NSLock()
    private var upcoming: [Fault]
    private var entries: [FaultProxyEntry] = []
    private var forwardedRequests: [ForwardedRequest] = []
    private var randomFaults: RandomFaults?
    private var failing: Set<String> = []
    private var cutOff: Set<String> = []
    private var byAction: [String: [Fault]] = [:]

    public init(_ faults: [Fault] = [], rates: FaultRates? = nil, seed: UInt64 = 1) {
        upcoming = faults
        randomFaults = rates.map { RandomFaults(rates: $0, seed: seed) }
    }

    /// Replaces the faults still to come.
    public func set(_ faults: [Fault]) {
        lock.withLock { upcoming = faults }
    }

    /// Random faults from now on at `rates` (nil: none), drawn from a generator seeded with
    /// `seed`, so the same requests in the same order get the same faults.
    public func setRates(_ rates: FaultRates?, seed: UInt64 = 1) {
        lock.withLock { randomFaults = rates.map { RandomFaults(rates: $0, seed: seed) } }
    }

    /// The next requests naming `action` get `faults`, one each, before any random fault: a
    /// fault that must happen whatever the arrival order.
    public func force(_ faults: [Fault], onNext action: String) {
        lock.withLock { byAction[action, default: []] += faults }
    }

    /// Every request for `region` fails before reaching the emulator (or, with false, no longer).
    public func setFailing(region: String, _ failing: Bool = true) {
        lock.withLock {
            if failing { self.failing.insert(region) } else { self.failing.remove(region) }
        }
    }

    /// Every request to `service` (its credential scope's, `dynamodb` say) has its connection
    /// dropped unanswered, as behind a network that loses them (or, with false, no longer).
    public func setCutOff(service: String, _ cut: Bool = true) {
        lock.withLock {
            if cut { cutOff.insert(service) } else { cutOff.remove(service) }
        }
    }

    /// Takes the fault for a request naming `action`, and records it.
    public func next(action: String) -> Fault {
        next(for: ProxiedRequest(action: action))
    }

    /// Takes the fault for `request`, and records it.
    public func next(for request: ProxiedRequest) -> Fault {
        lock.withLock {
            let fault: Fault
            if let service = request.service, cutOff.contains(service) {
                fault = .dropConnection
            } else if !upcoming.isEmpty {
                fault = upcoming.removeFirst()
            } else if let forced = byAction[request.action]?.first {
                byAction[request.action]?.removeFirst()
                fault = forced
            } else if let region = request.region, failing.contains(region) {
                fault = RandomFaults.outage[entries.count % RandomFaults.outage.count]
            } else if let drawn = randomFaults?.draw() {
                fault = drawn
            } else {
                fault = .pass
            }
            entries.append(FaultProxyEntry(action: request.action, fault: fault))
            if fault.reachesEmulator {
                forwardedRequests.append(ForwardedRequest(request: request, fault: fault, sequence: forwardedRequests.count))
            }
            return fault
        }
    }

    /// Every request seen so far, in order.
    public var seen: [FaultProxyEntry] { lock.withLock { entries } }

    /// Every request that reached the emulator, in order, with what was done to its answer.
    public var forwarded: [ForwardedRequest] { lock.withLock { forwardedRequests } }

    /// Faults scheduled but not yet used.
    public var remaining: [Fault] { lock.withLock { upcoming } }
}
