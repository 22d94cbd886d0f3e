/// How much the health and metrics server gives any one client, and all of them together.
///
/// The endpoints answer probes and scrapers, not the public, but whoever can reach the port
/// can open connections: without bounds, ~20,000 idle connections took every descriptor of the
/// process and each reconcile cycle then failed with "Too many open files", and a client
/// trickling one header byte at a time held its connection forever.
public struct HealthServerLimits: Sendable, Hashable {
    /// Every connection is closed this long after it was accepted, answered or not. The server
    /// answers one request per connection and closes it (no keep-alive), so this bounds the
    /// whole exchange: a slow or stalled request, and a client that never reads its answer.
    public var requestTimeout: Duration
    /// The largest request head (request line and headers) accepted; larger gets 431.
    public var maxHeaderBytes: Int
    /// The largest request body accepted; the endpoints take none, so larger gets 413.
    public var maxBodyBytes: Int
    /// Connections served at once. One more is accepted and closed at once, so the process's
    /// descriptors stay bounded however many clients connect; slots free up as connections
    /// end, at the latest after `requestTimeout`.
    public var maxConnections: Int
    /// The listen backlog: connections the kernel queues before the server accepts them. They
    /// hold no descriptor of the process.
    public var backlog: Int

    /// 10 s per connection, 8 KiB of head, 1 KiB of body, 256 connections, a backlog of 256.
    public static let `default` = HealthServerLimits()

    public init(
        requestTimeout: Duration = .seconds(10), maxHeaderBytes: Int = 8 * 1024, maxBodyBytes: Int = 1024,
        maxConnections: Int = 256, backlog: Int = 256
    ) {
        self.requestTimeout = requestTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxConnections = maxConnections
        self.backlog = backlog
    }
}
