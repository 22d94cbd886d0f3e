/// An HTTP answer, before it is written to a connection.
public struct HTTPAnswer: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What the daemon answers on its listen address:
/// - `GET /healthz`: 200 while the loop is alive (503 once it is stopping);
/// - `GET /readyz`: 200 once a cycle succeeded and while the latest one did, else 503, with the reason;
/// - `GET /metrics`: the Prometheus text format.
///
/// `HEAD` is answered like `GET`, without the body; other methods get 405, other paths 404.
public struct HealthRoutes: Sendable {
    /// The content type Prometheus scrapers expect for the text exposition format.
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    public var status: DaemonStatus
    public var metrics: DaemonMetrics

    public init(status: DaemonStatus, metrics: DaemonMetrics) {
        self.status = status
        self.metrics = metrics
    }

    public func answer(method: String, uri: String) async -> HTTPAnswer {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        let known = ["/healthz", "/readyz", "/metrics"]
        guard known.contains(path) else { return HTTPAnswer(status: 404, body: "not found: \(path)\n") }
        guard method == "GET" || method == "HEAD" else {
            return HTTPAnswer(status: 405, body: "method not allowed: \(method)\n")
        }
        switch path {
        case "/healthz":
            let state = await status.state
            return HTTPAnswer(status: state.isAlive ? 200 : 503, body: "\(state.isAlive ? "ok" : "stopping"): \(state.name)\n")
        case "/readyz":
            let state = await status.state
            return HTTPAnswer(
                status: state.isReady ? 200 : 503, body: "\(state.isReady ? "ready" : "not ready"): \(state.readinessReason)\n")
        default:
            return HTTPAnswer(status: 200, contentType: Self.prometheusContentType, body: metrics.render())
        }
    }
}
