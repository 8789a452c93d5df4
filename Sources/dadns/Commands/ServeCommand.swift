import ArgumentParser
import Backends
import DadnsConfiguration
import Doctor
import Foundation
import Logging
import MariaDB
import SettingsKit
import ZoneStore

/// `dadns serve`: runs the daemon — the DirectAdmin receiver, the durable store and one
/// dispatcher lane per enabled backend — until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon (DirectAdmin receiver, store, dispatcher)."
    )

    @OptionGroup var configFile: ConfigFileOption

    func run() async throws {
        let arenaLimit = MallocTuning.limitArenas(environment: ProcessInfo.processInfo.environment)
        let loaded = try configFile.load()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = loaded.config.logging.level
            return handler
        }
        let logger = Logger(label: "dadns")
        for warning in loaded.warnings { logger.warning("\(warning)") }
        logger.debug("malloc arenas: \(arenaLimit.map { "at most \($0)" } ?? "as MALLOC_ARENA_MAX says")")
        logger.info("configuration: \(loaded.config.sourceFile ?? "embedded default")")
        try Self.checkBeforeStart(loaded.config, logger: logger)
        Self.logPaths(loaded.config, logger: logger)
        let daemon: Daemon
        var storeOpened = false
        do {
            let store = try await StoreOpener.open(loaded.config, lock: true, followOthers: true, spoolLogger: logger)
            storeOpened = true
            logger.info("store: \(store.location)")
            logger.info("store durability: \(loaded.config.store.durabilityDetail)")
            daemon = try Daemon(config: loaded.config, store: store, logger: logger)
        } catch let error as ConfigError {
            logger.critical("configuration error: \(loaded.locations.annotate(error))")
            throw ExitCode(78)
        } catch let error as StoreLock.Failure {
            logger.critical("\(error)")
            throw ExitCode(75)
        } catch let error as MariaDBError where !storeOpened {
            // The shared database (mysql) refused us: 78 when a setting must change (login,
            // database name, TLS), 75 otherwise (systemd tries again). A database that does not
            // answer at all does not get here: serve starts and spools (SpoolingZoneStore).
            let failure = DoctorStoreCheck.failure(error, loaded.config)
            logger.critical("cannot start: \(DoctorStoreCheck.check(loaded.config)): \(failure.detail) — \(failure.fix)")
            throw ExitCode(failure.temporary ? 75 : 78)
        } catch {
            // The store or a backend's files could not be opened or created: the environment
            // must change first, so no restart (78).
            logger.critical("cannot start: \(error) (`dadns doctor` checks paths and permissions)")
            throw ExitCode(78)
        }
        try await daemon.run()
    }
}

extension ServeCommand {
    /// The port, the store and the backends' paths, before anything is created: an error logs
    /// one line per problem with what to change and ends the process with 78.
    static func checkBeforeStart(_ config: AppConfig, logger: Logger) throws {
        let problems = DoctorStartupChecks.run(config).filter { $0.level == .error && $0.stopsStartUp }
        guard !problems.isEmpty else { return }
        for problem in problems {
            logger.critical("cannot start: \(problem.check): \(problem.detail)\(problem.fix.map { " — \($0)" } ?? "")")
        }
        throw ExitCode(DoctorReport.exitStartUpError)
    }

    /// Where each backend's files are, as absolute paths (the store's place is logged once it is open).
    static func logPaths(_ config: AppConfig, logger: Logger) {
        for backend in config.enabledBackends {
            guard let kind = BackendRegistry.kind(backend.type) else { continue }
            logger.info("backend \(backend.name) (\(backend.type)): \(kind.location(backend))")
        }
    }
}
