/// Counts the HTTP requests a transport sends, per API action: every attempt counts, so a
/// retried call shows up twice. Lets tests prove a full read costs pages, not instances, and
/// gives the daemon a number to export.
public actor RequestMetrics {
    private var counts: [String: Int] = [:]

    public init() {}

    public func record(action: String) {
        counts[action, default: 0] += 1
    }

    public func count(for action: String) -> Int {
        counts[action, default: 0]
    }

    public var total: Int { counts.values.reduce(0, +) }

    public var countsByAction: [String: Int] { counts }

    public func reset() {
        counts = [:]
    }
}
