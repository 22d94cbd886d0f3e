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
/// - `POST /hooks/git`: a signed push webhook starts a converge at once (202); an unsigned or
///   wrongly signed one gets 401 and changes nothing. Off (404) unless a secret is configured.
///
/// `HEAD` is answered like `GET`, without the body; other methods get 405, other paths 404.
public struct HealthRoutes: Sendable {
    /// The content type Prometheus scrapers expect for the text exposition format.
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The path of the push webhook.
    public static let hookPath = "/hooks/git"

    public var status: DaemonStatus
    public var metrics: DaemonMetrics
    /// The push webhook, when a secret is configured.
    public var webhook: PushWebhook?

    public init(status: DaemonStatus, metrics: DaemonMetrics, webhook: PushWebhook? = nil) {
        self.status = status
        self.metrics = metrics
        self.webhook = webhook
    }

    public func answer(
        method: String, uri: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) async -> HTTPAnswer {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        if path == Self.hookPath, let webhook {
            guard method == "POST" else { return HTTPAnswer(status: 405, body: "method not allowed: \(method)\n") }
            return await webhook.receive(headers: headers, body: body)
        }
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
            var body = "\(state.isReady ? "ready" : "not ready"): \(state.readinessReason)\n"
            if let shards = await status.leasedShards {
                body += "shards held: \(shards.isEmpty ? "none" : shards.joined(separator: ", "))\n"
            }
            return HTTPAnswer(status: state.isReady ? 200 : 503, body: body)
        default:
            return HTTPAnswer(status: 200, contentType: Self.prometheusContentType, body: metrics.render())
        }
    }
}

/// The push webhook: a verified request pulls the converge trigger.
public struct PushWebhook: Sendable {
    public var verifier: WebhookVerifier
    public var trigger: ConvergeTrigger

    public init(verifier: WebhookVerifier, trigger: ConvergeTrigger) {
        self.verifier = verifier
        self.trigger = trigger
    }

    func receive(headers: [(name: String, value: String)], body: [UInt8]) async -> HTTPAnswer {
        guard verifier.isAuthentic(headers: headers, body: body) else {
            return HTTPAnswer(status: 401, body: "unauthorized: the request is not signed with the webhook secret\n")
        }
        await trigger.pull()
        return HTTPAnswer(status: 202, body: "accepted: fetching and converging now\n")
    }
}
