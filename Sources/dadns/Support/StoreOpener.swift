import Backends
import DadnsConfiguration
import Engine
import MariaDB
import ZoneStore
import ZoneStoreMariaDB

/// Opens the store `datastore.type` names: the SQLite file, or the MariaDB/MySQL database the
/// nodes share (connecting and bringing its schema up to date).
enum StoreOpener {
    struct Opened {
        let store: ZoneStore
        /// SQLite only: held while the daemon runs, so a second daemon on the file stops at start-up.
        let lock: StoreLock?
        /// Where the store is, for the log (never the password).
        let location: String
        /// The shared store's heartbeats and leases (mysql); nil for SQLite, a store of one node.
        var coordination: (any ClusterCoordination)? = nil
    }

    /// - Parameters:
    ///   - lock: take the SQLite store's lock (the daemon does; the commands reading it do not).
    ///   - followOthers: follow other nodes' changes in the shared journal (the daemon does).
    static func open(_ config: AppConfig, lock: Bool, followOthers: Bool) async throws -> Opened {
        switch config.store.kind {
        case .sqlite:
            let path = config.databasePath
            try AtomicFile.makeDirectory(AtomicFile.parentDirectory(of: path))
            let held = lock ? try StoreLock(storePath: path) : nil
            return Opened(store: try SQLiteZoneStore(path: path), lock: held, location: LocalPath.absolute(path))
        case .mysql:
            let database = config.store.database
            let pool = MariaDBPool(library: try MariaDBLibrary.load(), configuration: database, size: config.store.poolSize)
            let store = try await MariaDBZoneStore(
                pool: pool, nodeName: config.server.nodeName,
                pollInterval: followOthers ? .milliseconds(config.store.pollIntervalMilliseconds) : nil)
            return Opened(
                store: store, lock: nil, location: "mysql \(location(database)) as node \(config.server.nodeName)", coordination: store)
        }
    }

    /// `user@host:port/name` (or the socket), with `TLS` when on.
    /// Where `/status`'s `store` section comes from for `config` and the store `opened`.
    static func statusSource(_ config: AppConfig, _ opened: Opened) -> StoreStatusSource {
        StoreStatusSource(
            kind: config.store.kind.rawValue, node: config.server.nodeName, coordination: opened.coordination,
            heartbeatSeconds: Double(config.store.heartbeatSeconds))
    }

    static func location(_ database: MariaDBConfiguration) -> String {
        let server = database.unixSocket ?? "\(database.host):\(database.port)"
        return "\(database.username)@\(server)/\(database.database ?? "")\(database.tls.enabled ? " (TLS)" : "")"
    }
}
