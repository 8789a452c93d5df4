import Backends
import Console
import DadnsConfiguration
import Engine
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Metrics
import Operator
import Prometheus
import Server
import ServiceLifecycle
import ZoneStore

/// The running daemon, built from the configuration: store, backends, dispatcher, healing,
/// HTTP server (DirectAdmin and operator endpoints).
struct Daemon {
    /// Held while the daemon runs (SQLite): a second daemon on the same store stops at start-up.
    let storeLock: StoreLock?
    let store: ZoneStore
    let dispatcher: Dispatcher
    let drainSwitch = DrainSwitch()
    let application: Application<RouterResponder<DadnsRequestContext>>
    let logger: Logger

    init(config: AppConfig, store opened: StoreOpener.Opened, logger: Logger) throws {
        self.logger = logger
        let startedAt = Date().timeIntervalSince1970
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(Self.metricsFactory(registry))
        storeLock = opened.lock
        store = opened.store
        let clock: @Sendable () -> Double = { Date().timeIntervalSince1970 }
        let engine = EngineContext(store: store, clock: clock, logger: logger)
        let retryPolicy = RetryPolicy(delays: config.dispatch.retryDelays)
        var lanes: [DispatcherLane] = []
        var infos: [StatusReporter.BackendInfo] = []
        // This node's pushes and applies per minute (/api/activity, the console's charts).
        let activity = ActivityHistory(backends: config.enabledBackends.map(\.name))
        for backend in config.enabledBackends {
            let lane = DispatcherLane(
                backend: try BackendRegistry.make(backend, logger: logger), store: store, retryPolicy: retryPolicy,
                batchSize: config.dispatch.batchSize, clock: clock, logger: logger, activity: activity,
                afterLargeBatch: { MallocTuning.trim() })
            lanes.append(lane)
            infos.append(.init(name: backend.name, type: backend.type, lane: lane))
        }
        let settle = config.dispatch.settleSeconds
        dispatcher = Dispatcher(lanes: lanes, changes: store.desiredStateChanges(), settleDelay: .milliseconds(Int(settle * 1000)), logger: logger)
        let password = config.server.authPassword
        if password == nil {
            logger.warning("app.auth_password is not set: every DirectAdmin and operator request is refused until it is")
        }
        let dispatcher = self.dispatcher
        let credentials = BasicCredentials(username: config.server.authUsername, password: password)

        // Cluster-wide jobs run on one node at a time, under a lease renewed with each heartbeat.
        let heartbeatSeconds = Double(config.store.heartbeatSeconds)
        let leases = ClusterLeases(
            coordination: opened.coordination, leaseSeconds: StoreStatusSource.silentAfterIntervals * heartbeatSeconds,
            clock: clock, logger: logger)
        var services: [any Service] = [
            dispatcher,
            JournalPruner(
                context: engine, retentionDays: config.store.journalRetentionDays, historyVersions: config.store.historyVersions,
                leases: leases),
            // Hands memory freed in the allocator back to the system (see MallocTuning).
            PeriodicService("memory trim", interval: .seconds(300), initialDelay: .seconds(300)) { MallocTuning.trim() },
        ]
        if let spooling = opened.spooling { services.append(SpoolForwarder(store: spooling, logger: logger)) }
        var healer: Healer?
        let healingInterval = config.healing.intervalMinutes
        if config.healing.enabled {
            let created = Healer(lanes: lanes, context: engine, dryRun: config.healing.dryRun, afterPass: { MallocTuning.trim() })
            healer = created
            services.append(PeriodicService(
                "healing", everyMinutes: healingInterval, initialDelayMinutes: config.healing.initialDelayMinutes
            ) { await created.heal() })
        }

        var reconciler: Reconciler?
        let reconcileInterval = config.reconciliation.intervalMinutes
        if let created = Self.makeReconciler(config: config, store: store, clock: clock, logger: logger) {
            reconciler = created
            services.append(PeriodicService(
                "reconciler", everyMinutes: reconcileInterval, initialDelayMinutes: config.reconciliation.initialDelayMinutes
            ) { await leases.run(ClusterLeases.Job.reconciler) { await created.reconcile() } })
        }

        if let coordination = opened.coordination {
            // First in the list, so stopped last: the leases are released after the jobs ended.
            services.insert(NodeHeartbeat(
                coordination: coordination, leases: leases, intervalSeconds: heartbeatSeconds, version: DadnsVersion.current,
                clock: clock, logger: logger), at: 0)
        }

        var peerSync: PeerSync?
        if let created = Self.makePeerSync(config: config, store: store, clock: clock, logger: logger) {
            peerSync = created
            services.append(PeriodicService("peer sync", everyMinutes: created.settings.intervalMinutes) { await created.sync() })
        }

        // The served-state probe, when a backend names its dns_address (docs/operations.md).
        let probeTargets = config.probeTargets
        let probe = probeTargets.isEmpty
            ? nil : ServedStateProbe(targets: probeTargets, settings: config.probe, context: engine)
        if let probe, config.probe.periodic {
            services.append(PeriodicService("probe", everyMinutes: config.probe.intervalMinutes) { await probe.pass() })
        }

        let drainSwitch = self.drainSwitch
        let receiver = ZoneReceiver(
            store: store, reportParentOwner: config.server.reportsParentOwner,
            logger: logger, clock: clock, drainSwitch: drainSwitch, activity: activity)
        var reporter = StatusReporter(
            backends: infos, store: store, healer: healer, healingIntervalMinutes: healer == nil ? nil : healingInterval,
            reconciler: reconciler, reconcilerIntervalMinutes: reconciler == nil ? nil : reconcileInterval,
            peerSync: peerSync, version: DadnsVersion.current, startedAt: startedAt,
            lagWarningSeconds: config.status.lagWarningSeconds, clock: clock,
            isDraining: { drainSwitch.isDraining }, spooling: opened.spooling, storeSource: StoreOpener.statusSource(config, opened),
            activity: activity)
        reporter.probe = probe
        let operatorAPI = StoreOperatorAPI(reporter: reporter, view: .live)
        let limiter = LoginFailureLimiter()
        // The operator console under /ui/ (docs/dashboard.md), with the operator's credentials.
        let console = try ConsoleRoutes(
            api: operatorAPI, backendNames: operatorAPI.backendNames, credentials: credentials, limiter: limiter,
            secureCookies: config.server.tlsEnabled, clock: clock, activity: activity)
        let router = ServerRouter(
            directAdmin: DirectAdminRoutes(receiver: receiver, maxBodySize: config.server.maxBodySize),
            operatorRoutes: OperatorRoutes(api: operatorAPI, registry: registry),
            internalRoutes: InternalRoutes(
                store: store, logger: logger, afterListing: { MallocTuning.trim() }, peers: { [peerSync] in await peerSync?.peerURLs() ?? [] }),
            realms: .init(
                app: credentials,
                peers: BasicCredentials(
                    username: config.peerSync.authUsername, password: config.peerSync.authPassword)),
            limiter: limiter, mounts: [console], clock: clock, logger: logger
        ).router()

        let idleTimeout = config.server.idleTimeoutSeconds
        let tls = config.server.tlsEnabled
        // With TLS, plain HTTP on the port gets a 400 and a hint in the log (once per client).
        let plainHTTPHints = tls ? PlainHTTPHints(logger: logger) : nil
        let http = HTTPServerBuilder.http1(configuration: .init(
            additionalChannelHandlers: [HTTP10ConnectionCloseInstaller()] + (plainHTTPHints.map { [PlainHTTPOnTLSPortInstaller(hints: $0)] } ?? []),
            idleTimeout: .milliseconds(Int64(idleTimeout * 1000))))
        let server: HTTPServerBuilder = tls
            ? try HTTPServerBuilder.tls(http, tlsConfiguration: TLSSettings.serverConfiguration(config.server)) : http
        if tls { logger.info("TLS enabled with \(config.server.certificateFile ?? "")") }
        application = Application(
            router: router,
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(config.server.listenAddress, port: config.server.listenPort),
                serverName: "dadns"),
            services: services,
            logger: logger)
    }

    /// The reconciler when `reconciliation.enabled` and servers are configured; logs as the reference does.
    static func makeReconciler(
        config: AppConfig, store: ZoneStore, clock: @escaping @Sendable () -> Double, logger: Logger
    ) -> Reconciler? {
        guard isOn(
            config.reconciliation.enabled, "Reconciliation poller", targets: config.reconciliation.servers,
            none: "Reconciliation enabled but no directadmin_servers configured", logger: logger)
        else { return nil }
        let settings = config.reconcilerSettings()
        let interval = config.reconciliation.intervalMinutes
        let delay = config.reconciliation.initialDelayMinutes
        let names = settings.servers.map { "'\($0.hostname)'" }.joined(separator: ", ")
        logger.info(
            "Reconciliation poller started [\(settings.dryRun ? "DRY-RUN" : "LIVE")] — interval: \(Self.minutes(interval))m\(delay > 0 ? ", initial_delay: \(Self.minutes(delay))m" : ""), servers: [\(names)]")
        if settings.dryRun {
            logger.warning("[reconciler] DRY-RUN mode active — orphans will be logged but NOT queued for deletion")
        }
        // The operator's ignore list beside the store's database (an unreadable one is an empty list, said in the log).
        let ignoredPath = URL(fileURLWithPath: config.databasePath).deletingLastPathComponent().appendingPathComponent("reconciler-ignored.json").path
        var ignoreList = ReconcileIgnoreList()
        do {
            ignoreList = try ReconcileIgnoreList(path: ignoredPath)
        } catch {
            logger.error("[reconciler] \(error); starting with an empty ignore list kept in memory only")
        }
        return Reconciler(settings: settings, store: store, clock: clock, logger: logger, ignoreList: ignoreList)
    }

    /// Peer sync when `peer_sync.enabled` and at least one peer is configured.
    static func makePeerSync(
        config: AppConfig, store: ZoneStore, clock: @escaping @Sendable () -> Double, logger: Logger
    ) -> PeerSync? {
        let settings = config.peerSync.settings
        guard isOn(config.peerSync.enabled, "Peer sync", targets: settings.peers, none: "Peer sync enabled but no peers configured", logger: logger)
        else { return nil }
        if config.peerSync.authPassword == nil {
            logger.warning("peer_sync.auth_password is not set: /internal refuses every request, so no peer can pull from this node")
        }
        logger.info(
            "Peer sync started — interval: \(Self.minutes(settings.intervalMinutes))m, peers: [\(settings.peers.map { "'\($0.url)'" }.joined(separator: ", "))]")
        return PeerSync(settings: settings, store: store, clock: clock, logger: logger)
    }

    /// Whether a periodic part starts: only when enabled (else "`part` disabled — skipping") and
    /// given something to work on (else the warning `none`).
    private static func isOn(_ enabled: Bool, _ part: String, targets: some Collection, none: String, logger: Logger) -> Bool {
        guard enabled else {
            logger.info("\(part) disabled — skipping")
            return false
        }
        if targets.isEmpty { logger.warning("\(none)") }
        return !targets.isEmpty
    }

    /// `60`, `0.5`: minutes as written in the configuration.
    static func minutes(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// Prometheus output for swift-metrics, with buckets that fit what is measured.
    static func metricsFactory(_ registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        let seconds: [Double] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800]
        factory.durationHistogramBuckets["dadns_change_to_applied_seconds"] = seconds.map { .milliseconds(Int64($0 * 1000)) }
        factory.durationHistogramBuckets["dadns_batch_duration_seconds"] = seconds.map { .milliseconds(Int64($0 * 1000)) }
        factory.valueHistogramBuckets["dadns_batch_size_zones"] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000]
        return factory
    }

    func run() async throws {
        // The drain switch is listed last, so a graceful shutdown flips it first; then the HTTP
        // server stops, the dispatcher finishes its batch in flight, and the process exits 0.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application, drainSwitch], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
