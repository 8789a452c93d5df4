import ArgumentParser
import Foundation
import Logging
import ZoneStore

/// `dadns serve`: runs the daemon — the DirectAdmin receiver, the durable store and one
/// dispatcher lane per enabled backend — until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon (DirectAdmin receiver, store, dispatcher)."
    )

    @Option(name: .long, help: "Path to app.yml (default: ./config/app.yml, ./app.yml, /etc/directdnsonly/app.yml).")
    var config: String?

    func run() async throws {
        let arenaLimit = MallocTuning.limitArenas(environment: ProcessInfo.processInfo.environment)
        let loaded = try ConfigLoader.loadOrExit(explicitPath: config)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(configName: loaded.config.logLevel)
            return handler
        }
        let logger = Logger(label: "dadns")
        for warning in loaded.warnings { logger.warning("\(warning)") }
        logger.debug("malloc arenas: \(arenaLimit.map { "at most \($0)" } ?? "as MALLOC_ARENA_MAX says")")
        logger.info("configuration: \(loaded.config.sourceFile ?? "embedded default")")
        let daemon: Daemon
        do {
            daemon = try Daemon(config: loaded.config, logger: logger)
        } catch let error as ConfigError {
            logger.critical("configuration error: \(error)")
            throw ExitCode(78)
        } catch let error as StoreLock.Failure {
            logger.critical("\(error)")
            throw ExitCode(75)
        }
        try await daemon.run()
    }
}

extension Logger.Level {
    /// `info`, `WARNING`, … as the configuration writes them.
    init(configName: String) {
        switch configName.lowercased() {
        case "trace": self = .trace
        case "debug": self = .debug
        case "notice": self = .notice
        case "warning": self = .warning
        case "error": self = .error
        case "critical": self = .critical
        default: self = .info
        }
    }
}
