import Foundation

/// CUBIC congestion control applied to a request rate (botocore `retries/cubic.py`): a throttle
/// cuts the rate to `beta` times the rate it happened at, then the rate grows back along a
/// cubic curve that is flat around that rate and steep far from it.
public struct CubicRateAdjuster: Sendable, Equatable {
    public let scale: Double
    public let beta: Double
    /// The rate at which the last throttle happened (CUBIC's W_max).
    public private(set) var lastMaxRate: Double
    public private(set) var lastThrottle: Date

    public init(startingMaxRate: Double, startTime: Date, scale: Double = 0.4, beta: Double = 0.7) {
        self.scale = scale
        self.beta = beta
        self.lastMaxRate = startingMaxRate
        self.lastThrottle = startTime
    }

    /// Seconds after a throttle at which the curve is back at `lastMaxRate` (CUBIC's K).
    public var secondsToRecover: Double {
        cbrt(lastMaxRate * (1 - beta) / scale)
    }

    /// The rate allowed at `now` after a successful response.
    public func rateAfterSuccess(at now: Date) -> Double {
        let offset = now.timeIntervalSince(lastThrottle) - secondsToRecover
        return scale * offset * offset * offset + lastMaxRate
    }

    /// Records a throttle that happened while sending at `currentRate`; returns the lowered rate.
    public mutating func rateAfterThrottle(currentRate: Double, at now: Date) -> Double {
        lastMaxRate = currentRate
        lastThrottle = now
        return currentRate * beta
    }
}

/// The rate at which requests are really being sent, smoothed over half-second slots
/// (botocore `adaptive.py` `RateClocker`). A throttle lowers the rate from this, not from a
/// limit the client was nowhere near.
public struct RequestRateMeter: Sendable, Equatable {
    public let smoothing: Double
    public let slotSeconds: Double
    public private(set) var measuredRate: Double = 0
    private var lastSlot: Double
    private var count: Double = 0

    public init(startTime: Date, smoothing: Double = 0.8, slotSeconds: Double = 0.5) {
        self.smoothing = smoothing
        self.slotSeconds = slotSeconds
        self.lastSlot = floor(startTime.timeIntervalSince1970)
    }

    /// Counts one response at `now`; returns the measured rate (0 until a slot has passed).
    public mutating func record(at now: Date) -> Double {
        let time = now.timeIntervalSince1970
        let slot = floor(time / slotSeconds) * slotSeconds
        count += 1
        if slot > lastSlot {
            let current = count / (slot - lastSlot)
            measuredRate = current * smoothing + measuredRate * (1 - smoothing)
            count = 0
            lastSlot = slot
        }
        return measuredRate
    }
}
