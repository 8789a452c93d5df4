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
            let (store, location) = try await openMySQL(config, followOthers: followOthers)
            return Opened(store: store, lock: nil, location: location)
        }
    }

    /// The MariaDB/MySQL store the `datastore.*` keys name, whatever `datastore.type` says
    /// (`dadns store copy` moves a node to it before the type is changed), and where it is.
    static func openMySQL(_ config: AppConfig, followOthers: Bool) async throws -> (MariaDBZoneStore, location: String) {
        let database = config.store.database
        let pool = MariaDBPool(library: try MariaDBLibrary.load(), configuration: database, size: config.store.poolSize)
        let store = try await MariaDBZoneStore(
            pool: pool, nodeName: config.server.nodeName,
            pollInterval: followOthers ? .milliseconds(config.store.pollIntervalMilliseconds) : nil)
        return (store, "mysql \(location(database)) as node \(config.server.nodeName)")
    }

    /// `user@host:port/name` (or the socket), with `TLS` when on.
    static func location(_ database: MariaDBConfiguration) -> String {
        let server = database.unixSocket ?? "\(database.host):\(database.port)"
        return "\(database.username)@\(server)/\(database.database ?? "")\(database.tls.enabled ? " (TLS)" : "")"
    }
}
