import AWSClient
import ArgumentParser
import Logging
import ServiceLifecycle
import Foundation
import GitStore
import Reconciler

/// `rolesync run`: the continuous reconciliation daemon.
struct RunCommand: AsyncParsableCommand, LogConfiguring {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Reconcile continuously, serving health and Prometheus metrics.",
        discussion: """
            Every --interval the daemon fetches the repository (when it is a URL), reads the \
            desired state, reads the fleet, carries out the planned changes and records the \
            decision as a commit, like `apply --auto-approve`. Between converges it checks drift \
            read-only every --drift-interval. It never asks for confirmation: the policy governs \
            enforcement (`mode: observe` or `suspend: true` keep it read-only), and invalid desired \
            state never leads to an action. A failing cycle is reported and the next one comes at \
            its time. SIGTERM or SIGINT stop it gracefully (exit 0).
            """)

    @Option(name: .long, help: "YAML file of settings; keys are the long flags in camelCase (see the README).")
    var config: String?

    @Option(name: .long, help: "Desired-state repository: a local path or a URL (file://, https://, ssh://). Default: .")
    var repo: String?

    @Option(name: .long, help: "Branch (or other ref) to follow. Default: HEAD.")
    var branch: String?

    @Option(name: .long, help: "Only read manifests under this folder of the repository.")
    var path: String?

    @Option(name: .long, help: "Folder that holds clones of remote repositories.")
    var cacheDir: String?

    @Option(name: .long, help: "Time between converge cycles: 30s, 1m, 5m, 1h. Default: 1m.")
    var interval: IntervalOption?

    @Option(name: .long, help: "Time between read-only drift checks while no converge is due. Default: 5m.")
    var driftInterval: IntervalOption?

    @Option(name: .long, help: "HOST:PORT for /healthz, /readyz and /metrics; port 0 picks a free one. Default: 127.0.0.1:9464.")
    var listen: ListenOption?

    @Flag(name: .long, help: "Run one converge cycle and exit: 0 when it succeeded, 1 when not (no HTTP server).")
    var once: Bool = false

    @OptionGroup var aws: AWSOptions
    @OptionGroup var git: GitAccessOptions
    @OptionGroup var trust: TrustOptions

    @Option(name: .long, help: "Raise (or lower) the policy's maxChanges for every cycle.")
    var maxChanges: Int?

    @Option(name: .long, help: "Branch that holds the decision records. Default: rolesync/decisions.")
    var decisionsBranch: String?

    @Option(name: .long, help: "How long a converge waits for another run of this repository to finish. Default: 30s.")
    var lockTimeout: IntervalOption?

    @Option(name: .long, help: "File holding the push webhook's secret (or set ROLESYNC_WEBHOOK_SECRET); enables POST /hooks/git.")
    var webhookSecretFile: String?

    @Option(name: .long, help: "DynamoDB table of shard leases (made if missing): replicas then split the accounts × regions between them.")
    var leaseTable: String?

    @Option(name: .long, help: "With --lease-table: a lease not renewed for this long is taken over. Default: 30s.")
    var failover: IntervalOption?

    @Option(name: .long, help: "With --lease-table: this replica's name in the table (default: host, process id and a random suffix).")
    var replicaId: String?

    @Option(name: .long, help: "SQS queue URL fed by an EventBridge rule on CloudTrail profile changes: each event starts a converge at once.")
    var eventsQueue: String?

    @Option(name: .long, help: "With --events-queue: how long each receive waits for a message, 1s to 20s. Default: 20s.")
    var eventsWait: IntervalOption?

    @Option(name: .long, help: "Log lines as text or json (one object per line), on standard error.")
    var logFormat: LogFormat?

    @Option(name: .long, help: "trace, debug, info, notice, warning or error (default: info).")
    var logLevel: Logger.Level?

    var logFormatOption: LogFormat? { (try? resolved(CommandContext.capture()))?.logFormat ?? logFormat }
    var logLevelOption: Logger.Level? { (try? resolved(CommandContext.capture()))?.logLevel ?? logLevel }
    static let defaultLogLevel: Logger.Level = .info

    func run() async throws {
        let context = CommandContext.capture()
        let run = try resolved(context)
        let settings = context.settings(
            repository: context.repositorySettings(
                location: run.repo, ref: run.branch, path: run.path, worktree: false, cacheDir: run.cacheDir,
                access: try context.gitAccess(run.git)),
            aws: run.aws, maxChanges: run.maxChanges, decisionsBranch: run.decisionsBranch,
            trust: try context.trustSettings(run.trust))
        let daemonSettings = DaemonSettings(
            interval: run.interval, driftInterval: run.driftInterval, listen: run.listen, once: once)
        // As text, each cycle is one report line (stdout, or stderr when it failed); as JSON
        // the loop's own log line is that line.
        let json = run.logFormat == .json
        var loopLogger = Logger(label: "rolesync.daemon")
        if !json { loopLogger.logLevel = .critical }
        let onCycle: @Sendable (CycleResult) -> Void = json ? { @Sendable _ in } : { @Sendable result in Self.report(result) }
        let last: CycleResult? = try await context.withSession(settings.aws) { session in
            var wiring = context.wiring(settings, session: session)
            if let table = run.leaseTable {
                wiring.leases = try await LeaseWiring.coordinator(
                    table: table, owner: run.replicaId, failover: run.failover, session: session)
            }
            let metrics = DaemonMetrics()
            var events: EventListener?
            if let url = run.eventsQueue {
                events = try await EventWiring.listener(queue: url, wait: run.eventsWait, session: session, metrics: metrics)
            }
            var cycle = ConvergeCycle(wiring: wiring, lockTimeout: run.lockTimeout)
            cycle.events = events?.inbox
            let loop = ReconcileLoop(
                settings: daemonSettings, cycle: { [cycle] in try await cycle.run($0) }, metrics: metrics,
                awsCounters: { await session.policy.metrics }, onCycle: onCycle,
                trigger: events?.trigger ?? ConvergeTrigger(), logger: loopLogger)
            let listening = events.map { listener in Task { await listener.run() } }
            defer { listening?.cancel() }
            // Leases are renewed between cycles, and released when the daemon stops.
            let renewing = wiring.leases.map { leases in
                Task { await LeaseWiring.keepRenewing(leases, metrics: loop.metrics, status: loop.status) }
            }
            defer { renewing?.cancel() }
            let last = try await runLoop(loop, run)
            renewing?.cancel()
            _ = await renewing?.value
            // So the other replicas need not wait out the failover time.
            await wiring.leases?.releaseAll()
            let (cycles, failures) = (await loop.status.cycles, await loop.status.failures)
            Self.write("rolesync run: stopped after \(cycles) cycle(s), \(failures) failed\n", to: .standardError)
            return last
        }
        if once, last?.succeeded != true { throw ExitCode(1) }
    }

    /// One cycle in the foreground, or the daemon until a signal stops it.
    private func runLoop(_ loop: ReconcileLoop, _ run: RunSettings) async throws -> CycleResult? {
        Self.write("rolesync run: following \(run.repo) at \(run.branch)" + (once ? ", one cycle\n" :
            ", converging every \(IntervalText.format(run.interval)), checking drift every \(IntervalText.format(run.driftInterval))\n"),
            to: .standardOutput)
        if once {
            // Still under a service group, so SIGTERM/SIGINT let the cycle finish its record
            // rather than killing it between an action and its decision commit.
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(
                services: [.init(service: ReconcileService(loop: loop), successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "rolesync.run")))
            try await group.run()
            return await loop.status.state.lastResult
        }
        let webhook = run.webhookSecret.flatMap(WebhookVerifier.init(secret:))
        let daemon = ReconcileDaemon(loop: loop, webhook: webhook, onBound: { address in
            let hook = webhook == nil ? "" : " and POST \(HealthRoutes.hookPath)"
            Self.write("rolesync run: serving /healthz, /readyz and /metrics\(hook) on http://\(address)\n", to: .standardOutput)
        })
        try await daemon.run()
        return await loop.status.state.lastResult
    }

    /// A finished cycle in one line: on standard output when it succeeded, as an error otherwise.
    @Sendable static func report(_ result: CycleResult) {
        if result.succeeded {
            write("\(result.line)\n", to: .standardOutput)
        } else {
            write("error: \(result.line)\n", to: .standardError)
        }
    }

    /// Unbuffered, so a supervisor or a pipe sees each line as it happens.
    static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}

/// A `--interval` value: `30s`, `1m`, `5m`, `1h`, `1h30m`.
struct IntervalOption: ExpressibleByArgument {
    var duration: Duration

    init(_ duration: Duration) { self.duration = duration }

    init?(argument: String) {
        guard let duration = IntervalText.parse(argument) else { return nil }
        self.duration = duration
    }

    var defaultValueDescription: String { IntervalText.format(duration) }

    /// As written in flags and files: `1m30s`.
    var text: String { IntervalText.format(duration) }
}

/// A `--listen` value: `HOST:PORT`.
struct ListenOption: ExpressibleByArgument {
    var address: ListenAddress

    init(_ address: ListenAddress) { self.address = address }

    init?(argument: String) {
        guard let address = ListenAddress(parsing: argument) else { return nil }
        self.address = address
    }

    var defaultValueDescription: String { address.description }
}
