import Foundation

/// How often the proxy misbehaves when faults are drawn at random.
///
/// A faulted request is a request fault or a reply fault with equal odds, and then one of that
/// side's kinds with equal odds. Hangs cost the client a whole read timeout each (30 s in
/// rolesync, not configurable), so they are capped by `maxHangs`; past the cap a drawn hang
/// becomes a dropped connection on the same side.
public struct FaultRates: Sendable, Hashable {
    /// The share of requests that get a fault, 0...1.
    public var rate: Double
    public var maxHangs: Int

    public init(rate: Double, maxHangs: Int = 0) {
        self.rate = rate
        self.maxHangs = maxHangs
    }
}

/// The faults that answer without reaching the emulator, in the order they are drawn from.
extension RandomFaults {
    static let requestFaults: [Fault] = [
        .throttle, .serverError(500), .serviceUnavailable, .dropConnection, .hang, .truncatedRequest,
    ]
    /// What a region under a full outage answers, in turn: request faults only, so nothing
    /// reaches the emulator there, and no hangs, so the outage is quick to see.
    static let outage: [Fault] = [.throttle, .serverError(500), .serviceUnavailable, .dropConnection]
}

/// Draws faults at `rates` from a seeded generator: reproducible runs.
struct RandomFaults {
    var rates: FaultRates
    var generator: SplitMix64
    var hangs = 0

    init(rates: FaultRates, seed: UInt64) {
        self.rates = rates
        generator = SplitMix64(seed: seed)
    }

    mutating func draw() -> Fault {
        guard Double.random(in: 0..<1, using: &generator) < rates.rate else { return .pass }
        let onReply = Bool.random(using: &generator)
        if onReply {
            let kind = ReplyFault.allCases.randomElement(using: &generator)!
            if kind == .hang, !takeHang() { return .reply(.drop) }
            return .reply(kind)
        }
        let fault = Self.requestFaults.randomElement(using: &generator)!
        if fault == .hang, !takeHang() { return .dropConnection }
        return fault
    }

    private mutating func takeHang() -> Bool {
        guard hangs < rates.maxHangs else { return false }
        hangs += 1
        return true
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood, "Fast splittable pseudorandom
/// number generators", 2014): the standard library's generator cannot be seeded.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
