import Backends
import Engine
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Server
import ServiceLifecycle
import ZoneStore

/// The running daemon, built from the configuration: store, backends, dispatcher, HTTP server.
struct Daemon {
    let store: ZoneStore
    let dispatcher: Dispatcher
    let application: Application<RouterResponder<DadnsRequestContext>>
    let logger: Logger

    init(config: AppConfig, logger: Logger) throws {
        self.logger = logger
        let databasePath = config.databasePath
        try AtomicFile.makeDirectory(AtomicFile.parentDirectory(of: databasePath))
        store = try ZoneStore(path: databasePath)
        let clock: @Sendable () -> Double = { Date().timeIntervalSince1970 }
        var lanes: [DispatcherLane] = []
        let retryPolicy = RetryPolicy(delays: config.retryDelays)
        for backend in config.enabledBackends {
            lanes.append(DispatcherLane(
                backend: try BackendFactory.make(backend, logger: logger), store: store, retryPolicy: retryPolicy,
                clock: clock, logger: logger))
        }
        let settle = Double(config.string("dns.settle_seconds") ?? "0") ?? 0
        dispatcher = Dispatcher(lanes: lanes, settleDelay: .milliseconds(Int(settle * 1000)), logger: logger)
        let password = config.string("app.auth_password")
        if password == nil {
            logger.warning("app.auth_password is not set: every DirectAdmin request is refused until it is")
        }
        let dispatcher = self.dispatcher
        let receiver = ZoneReceiver(
            store: store, reportParentOwner: config.bool("app.check_subdomain_owner_in_cluster_domainowners"),
            logger: logger, clock: clock, onChange: { dispatcher.changed() })
        let router = Router(context: DadnsRequestContext.self)
        DirectAdminRoutes(
            receiver: receiver, username: config.string("app.auth_username") ?? "directdnsonly", password: password,
            maxBodySize: config.maxBodySize
        ).register(on: router)
        router.get("/health") { _, _ in "ok\n" }
        let http = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: [HTTP10ConnectionCloseInstaller()]))
        let tls = config.bool("app.ssl_enable")
        let server: HTTPServerBuilder = tls
            ? try HTTPServerBuilder.tls(http, tlsConfiguration: TLSSettings.serverConfiguration(config)) : http
        if tls { logger.info("TLS enabled with \(config.string("app.ssl_cert") ?? "")") }
        application = Application(
            router: router,
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(config.string("app.listen_address") ?? "0.0.0.0", port: config.listenPort),
                serverName: "dadns"),
            services: [
                dispatcher,
                JournalPruner(
                    store: store, retentionDays: Double(config.string("datastore.journal_retention_days") ?? "90") ?? 90,
                    clock: clock, logger: logger),
            ],
            logger: logger)
    }

    func run() async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
