import Foundation

/// How the reconcile daemon runs: how often it converges, how often it only looks, where it
/// serves health and metrics. Built once by the command line and handed down as a value.
public struct DaemonSettings: Sendable, Hashable {
    /// Time between converge cycles (observe, execute, record).
    public var interval: Duration
    /// Time between read-only drift checks (observe only) while no converge is due. A converge
    /// observes too, so a drift interval at or above `interval` adds no checks of its own.
    public var driftInterval: Duration
    /// Where `/healthz`, `/readyz` and `/metrics` are served.
    public var listen: ListenAddress
    /// Run one converge cycle and stop (for tests and cron).
    public var once: Bool
    /// How long a graceful shutdown may take before the cycle in progress is cancelled.
    public var shutdownGracePeriod: Duration
    /// What the health and metrics server gives its clients (see `HealthServerLimits.default`).
    public var serverLimits: HealthServerLimits

    public init(
        interval: Duration = .seconds(60), driftInterval: Duration = .seconds(300),
        listen: ListenAddress = .default, once: Bool = false, shutdownGracePeriod: Duration = .seconds(30),
        serverLimits: HealthServerLimits = .default
    ) {
        self.interval = interval
        self.driftInterval = driftInterval
        self.listen = listen
        self.once = once
        self.shutdownGracePeriod = shutdownGracePeriod
        self.serverLimits = serverLimits
    }
}

/// A `HOST:PORT` to listen on; port 0 asks the system for a free port.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// `127.0.0.1:9464`, the port registered for Prometheus exporters of this kind, on
    /// loopback only: exposing the endpoints beyond the machine is a deliberate choice.
    public static let `default` = ListenAddress(host: "127.0.0.1", port: 9464)

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all interfaces); nil when malformed.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// Durations as people write them on a command line: `30s`, `1m`, `5m`, `1h`, `1h30m`, `500ms`.
public enum IntervalText {
    /// The duration `text` means, or nil when it is not a positive sum of `<number><unit>`
    /// groups with units `ms`, `s`, `m` or `h`. A bare number is refused: `60` could mean
    /// seconds or minutes, and a daemon that polls 60 times too often is an expensive typo.
    public static func parse(_ text: String) -> Duration? {
        var total = Duration.zero
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isASCIIDigit)
            guard !digits.isEmpty, digits.count <= 9, let value = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix(while: \.isLetter)
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ms": total += .milliseconds(value)
            case "s": total += .seconds(value)
            case "m": total += .seconds(value * 60)
            case "h": total += .seconds(value * 3600)
            default: return nil
            }
        }
        return total > .zero ? total : nil
    }

    /// `1h30m`, `5m`, `30s`, `250ms`: the shortest way back to text, for logs.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        guard milliseconds % 1000 == 0 else { return "\(milliseconds)ms" }
        var text = ""
        let hours = seconds / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 || text.isEmpty { text += "\(rest)s" }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
