import Engine
import Foundation
import ZoneStore

/// What an operator command works against: the running daemon's API, or — when nothing
/// answers — the store in the data directory.
struct OperatorSession {
    let options: OperatorOptions
    let config: AppConfig
    let client: DaemonClient

    init(options: OperatorOptions) throws {
        self.options = options
        config = try ConfigLoader.loadOrExit(explicitPath: options.config).config
        client = DaemonClient(config: config, url: options.url)
    }

    /// Runs `online` against the daemon, or `offline` against the store if the daemon is not
    /// running; says which on standard error.
    func run<Result>(online: (DaemonClient) async throws -> Result, offline: (ZoneStore) async throws -> Result) async throws -> Result {
        if !options.offline {
            do {
                return try await online(client)
            } catch is DaemonClient.Unreachable {
                StandardError.write("dadns: no daemon at \(client.baseURL); reading \(config.databasePath)\n")
            }
        }
        guard FileManager.default.fileExists(atPath: config.databasePath) else {
            throw OperatorError("no daemon answers at \(client.baseURL) and there is no store at \(config.databasePath)")
        }
        return try await offline(try ZoneStore(path: config.databasePath))
    }

    var backendNames: [String] { config.enabledBackends.map(\.name) }

    /// The status document from the store alone (the daemon is stopped).
    func offlineStatus(_ store: ZoneStore) async throws -> StatusDocument {
        let reporter = StatusReporter(
            backends: config.enabledBackends.map { .init(name: $0.name, type: $0.type, lane: nil) }, store: store, healer: nil,
            healingIntervalMinutes: nil, version: DadnsVersion.current, startedAt: Date().timeIntervalSince1970,
            lagWarningSeconds: config.number("status.lag_warning_seconds") ?? 300, clock: { Date().timeIntervalSince1970 },
            isDraining: { false })
        var document = try await reporter.document()
        document.reasons.insert("the daemon is not running (read from \(config.databasePath))", at: 0)
        document.status = .error
        return document
    }

    static func decoder() -> JSONDecoder { JSONDecoder() }

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
