import ArgumentParser
import DadnsConfiguration
import Engine
import Foundation
import Logging
import Operator
import ZoneStore

/// What an operator command works against: the running daemon's API, or — when nothing
/// answers — the store in the data directory.
struct OperatorSession {
    let options: OperatorOptions
    let config: AppConfig
    let client: DaemonClient

    init(options: OperatorOptions) throws {
        self.options = options
        config = try options.configFile.load().config
        client = DaemonClient(config: config, url: options.url)
    }

    /// Runs `query` against the daemon's API, or against the store if the daemon is not running
    /// (or `--offline`); says which on standard error.
    func run<Result>(_ query: (any OperatorAPI) async throws -> Result) async throws -> Result {
        if !options.offline {
            do {
                return try await query(client)
            } catch is DaemonClient.Unreachable {
                StandardError.write("dadns: no daemon at \(client.baseURL); reading \(config.store.kind == .sqlite ? config.databasePath : "the shared database")\n")
            } catch let refused as DaemonClient.Refused where refused.status == 401 {
                StandardError.write(Self.unauthorizedHint(url: client.baseURL, config: config))
                throw ExitCode(Self.exitUnauthorized)
            } catch let refused as DaemonClient.Refused where refused.status == 429 {
                // Ten failed logins within a minute from this address: the daemon refuses it for a minute.
                StandardError.write(
                    "dadns: the daemon at \(client.baseURL) refuses this address for a minute after too many failed logins (429); "
                        + "check the password (DADNS_APP_AUTH_PASSWORD or --config), then try again\n")
                throw ExitCode(Self.exitUnauthorized)
            }
        } else if let running = runningDaemon {
            StandardError.write(
                "dadns: \(running); --offline reads the store without live state: leave out --offline for the daemon's own view\n")
        }
        guard config.store.kind != .sqlite || FileManager.default.fileExists(atPath: config.databasePath) else {
            throw OperatorError("no daemon answers at \(client.baseURL) and there is no store at \(config.databasePath)")
        }
        return try await query(offlineAPI(StoreOpener.open(config, lock: false, followOthers: false)))
    }

    /// Runs `query` as `run` does and prints the answer: JSON with `--json`, else as `human` writes it.
    @discardableResult
    func answer<Answer: Encodable>(_ query: (any OperatorAPI) async throws -> Answer, human: (Answer) throws -> Void) async throws -> Answer {
        let answer = try await run(query)
        try Self.print(answer, json: options.json, human: human)
        return answer
    }

    /// Prints `answer` as JSON for scripts with `json`, else as `human` writes it.
    static func print<Answer: Encodable>(_ answer: Answer, json: Bool, human: (Answer) throws -> Void) throws {
        if json { Swift.print(try encode(answer)) } else { try human(answer) }
    }

    /// Exit status when the daemon refuses the credentials (EX_NOPERM): neither "degraded" (1)
    /// nor "error" (2), so a script can tell a wrong password from a sick daemon.
    static let exitUnauthorized: Int32 = 77

    static func unauthorizedHint(url: String, config: AppConfig) -> String {
        let source = config.sourceFile.map { "the configuration read here (\($0))" } ?? "the embedded default configuration"
        return "dadns: the daemon at \(url) refused the login (401) as '\(config.server.authUsername)' "
            + "with the password from \(source)\(config.server.authPassword == nil ? ", which sets none" : ""): "
            + "set DADNS_APP_AUTH_PASSWORD to the daemon's app.auth_password, or pass --config pointing at the daemon's app.yml\n"
    }

    /// A daemon that holds this configuration's store, with its pid when the lock file has it.
    struct RunningDaemon: CustomStringConvertible {
        var pid: Int32?
        var description: String { "the daemon is running" + (pid.map { " (pid \($0))" } ?? "") }
    }

    /// The daemon holding this configuration's store, nil when none runs.
    var runningDaemon: RunningDaemon? {
        let holder = StoreLock.holder(storePath: config.databasePath)
        return holder.held ? RunningDaemon(pid: holder.pid) : nil
    }

    var backendNames: [String] { config.enabledBackends.map(\.name) }

    /// Refuses a backend this configuration does not enable, before the daemon or store is asked.
    func requireEnabled(_ backend: String?) throws {
        guard let backend, !backendNames.contains(backend) else { return }
        throw OperatorError(OperatorQueryError.unknownBackend(backend, enabled: backendNames).description)
    }

    /// The operator API over the store alone, without the daemon's live state.
    func offlineAPI(_ opened: StoreOpener.Opened) -> StoreOperatorAPI {
        let store = opened.store
        let clock: @Sendable () -> Double = { Date().timeIntervalSince1970 }
        var reporter = StatusReporter(
            backends: config.enabledBackends.map { .init(name: $0.name, type: $0.type, lane: nil) }, store: store, healer: nil,
            healingIntervalMinutes: nil, version: DadnsVersion.current, startedAt: clock(),
            lagWarningSeconds: config.status.lagWarningSeconds, clock: clock, isDraining: { false },
            storeSource: StoreOpener.statusSource(config, opened))
        // `dadns probe` without a daemon asks the servers from here; what it queues waits in the store.
        let targets = config.probeTargets
        if !targets.isEmpty {
            let silent = Logger(label: "dadns", factory: { _ in SwiftLogNoOpLogHandler() })
            reporter.probe = ServedStateProbe(
                targets: targets, settings: config.probe, context: EngineContext(store: store, clock: clock, logger: silent))
        }
        return StoreOperatorAPI(
            reporter: reporter,
            view: .offline(
                storePath: config.store.kind == .sqlite ? config.databasePath : opened.location, runningDaemon: runningDaemon?.description))
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// An operator command that cannot be carried out, in words.
struct OperatorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
