import Backends
import DadnsConfiguration
import Engine
import Logging
import MariaDB
import ZoneStore

/// Opens the store `datastore.type` names: the SQLite file, or the MariaDB/MySQL database the
/// nodes share (connecting and bringing its schema up to date), for the daemon behind the local
/// spool (`SpoolingZoneStore`) that takes DirectAdmin's changes while the database cannot be reached.
enum StoreOpener {
    struct Opened {
        let store: ZoneStore
        /// Held while the daemon runs, so a second daemon on the SQLite file (or the spool) stops at start-up.
        let lock: StoreLock?
        /// The spool in front of the shared store (the daemon on a mysql datastore); `store` is it.
        var spooling: SpoolingZoneStore? = nil
        /// Where the store is, for the log (never the password).
        let location: String
        /// The shared store's heartbeats and leases (mysql); nil for SQLite, a store of one node.
        var coordination: (any ClusterCoordination)? = nil
    }

    /// - Parameters:
    ///   - lock: take the SQLite store's lock (the daemon does; the commands reading it do not).
    ///   - followOthers: follow other nodes' changes in the shared journal (the daemon does).
    ///   - spoolLogger: with a mysql datastore, put the spool (`datastore.spool_location`) in front
    ///     of the shared store and log each change spooled here (the daemon does).
    static func open(_ config: AppConfig, lock: Bool, followOthers: Bool, spoolLogger: Logger? = nil) async throws -> Opened {
        switch config.store.kind {
        case .sqlite:
            let path = config.databasePath
            try AtomicFile.makeDirectory(AtomicFile.parentDirectory(of: path))
            let held = lock ? try StoreLock(storePath: path) : nil
            return Opened(
                store: try SQLiteZoneStore(path: path, synchronous: config.store.synchronous), lock: held, location: LocalPath.absolute(path))
        case .mysql:
            let open: @Sendable () async throws -> any ZoneStore = { try await openMySQL(config, followOthers: followOthers).0 }
            let location = "mysql \(location(config.store.database)) as node \(config.server.nodeName)"
            guard let spoolLogger else {
                let store = try await openMySQL(config, followOthers: followOthers).0
                return Opened(store: store, lock: nil, location: location, coordination: store)
            }
            let path = config.store.spoolPath
            try AtomicFile.makeDirectory(AtomicFile.parentDirectory(of: path))
            let held = lock ? try StoreLock(storePath: path) : nil
            // Opened now if the database answers, else when it does (changes are spooled meanwhile).
            let spooling = try await SpoolingZoneStore(
                opening: open, spool: try ChangeSpool(path: path, synchronous: config.store.synchronous), isUnreachable: MariaDBTransactionRetry.isUnreachable,
                onSpooled: { change, reason in
                    spoolLogger.warning(
                        "\(change.action) \(change.domain) from \(change.hostname ?? "?") spooled (\(reason.map { "shared database unreachable: \($0)" } ?? "earlier changes of the zone wait in the spool")); acknowledged, forwarded when the database answers")
                })
            if !(await spooling.isSharedStoreOpen) {
                let reason = (try? await spooling.status().lastError) ?? nil
                spoolLogger.warning(
                    "the shared database does not answer (\(reason ?? "no detail")): starting anyway; DirectAdmin's changes are spooled in \(LocalPath.absolute(path)) until it does")
            }
            return Opened(
                store: spooling, lock: held, spooling: spooling, location: "\(location), spool \(LocalPath.absolute(path))",
                coordination: SpooledCoordination(nodeName: config.server.nodeName, spooling: spooling))
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
    /// Where `/status`'s `store` section comes from for `config` and the store `opened`.
    static func statusSource(_ config: AppConfig, _ opened: Opened) -> StoreStatusSource {
        // A SQLite file is open only for the SQLite store or the spool in front of a shared one.
        let synchronous = config.store.kind == .sqlite || opened.spooling != nil ? config.store.synchronous.rawValue : nil
        return StoreStatusSource(
            kind: config.store.kind.rawValue, node: config.server.nodeName, coordination: opened.coordination,
            heartbeatSeconds: Double(config.store.heartbeatSeconds), synchronous: synchronous)
    }

    static func location(_ database: MariaDBConfiguration) -> String {
        let server = database.unixSocket ?? "\(database.host):\(database.port)"
        return "\(database.username)@\(server)/\(database.database ?? "")\(database.tls.enabled ? " (TLS)" : "")"
    }
}
