import Logging
import ServiceLifecycle

/// The reconcile loop as a service of a `ServiceGroup`.
public struct ReconcileService: Service {
    public var loop: ReconcileLoop

    public init(loop: ReconcileLoop) {
        self.loop = loop
    }

    public func run() async throws {
        await loop.run()
    }
}

/// `rolesync run`: the reconcile loop and the health and metrics server, run together in a
/// `ServiceGroup` that shuts them down gracefully on SIGTERM or SIGINT.
///
/// On shutdown the loop stops first (a cycle in progress finishes, waiting between cycles is
/// cut short), while `/healthz` keeps answering (503, stopping); then the server closes. A cycle
/// still running after the settings' `shutdownGracePeriod` is cancelled.
public final class ReconcileDaemon: Sendable {
    private let group: ServiceGroup

    /// - Parameter handleSignals: install the SIGTERM/SIGINT handlers (the command line does;
    ///   tests running several daemons in one process call `shutDown()` instead).
    /// - Parameter webhook: verifies push webhooks; nil leaves `POST /hooks/git` off.
    public init(
        loop: ReconcileLoop, handleSignals: Bool = true, webhook: WebhookVerifier? = nil,
        onBound: @escaping @Sendable (ListenAddress) -> Void = { _ in },
        logger: Logger = Logger(label: "rolesync.daemon")
    ) {
        var limits = loop.settings.serverLimits
        if webhook != nil { limits.maxBodyBytes = max(limits.maxBodyBytes, WebhookVerifier.maximumBodySize) }
        let routes = HealthRoutes(
            status: loop.status, metrics: loop.metrics,
            webhook: webhook.map { PushWebhook(verifier: $0, trigger: loop.trigger) })
        let server = HealthServer(
            address: loop.settings.listen, routes: routes, limits: limits, onBound: onBound, logger: logger)
        // Services shut down last-to-first: the loop stops before the server it reports through.
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: server, serviceName: "health-server"),
                .init(service: ReconcileService(loop: loop), successTerminationBehavior: .gracefullyShutdownGroup,
                      serviceName: "reconcile-loop"),
            ],
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = loop.settings.shutdownGracePeriod
        group = ServiceGroup(configuration: configuration)
    }

    /// Runs until shut down; throws when a service fails (e.g. the address is taken).
    public func run() async throws {
        try await group.run()
    }

    /// Begins a graceful shutdown, as SIGTERM does.
    public func shutDown() async {
        await group.triggerGracefulShutdown()
    }
}
