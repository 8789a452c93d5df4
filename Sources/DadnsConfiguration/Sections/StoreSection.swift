import MariaDB
import SettingsKit
import ZoneStore

/// `datastore.*`: where the desired state lives, a local SQLite file or a MariaDB/MySQL
/// database several nodes share.
public struct StoreSection: Sendable {
    /// `datastore.type`.
    public enum Kind: String, Sendable {
        /// A file local to this node (the default).
        case sqlite
        /// A MariaDB/MySQL database several nodes share.
        case mysql
    }

    public var kind: Kind
    /// `datastore.db_location`: the SQLite file (kind sqlite).
    public var databasePath: String
    public var journalRetentionDays: Double
    /// `datastore.history_versions`: versions of each zone's text kept.
    public var historyVersions: Int
    /// Where and how to reach the shared database (kind mysql), from `host`, `port`, `name`,
    /// `user`, `pass`, `ssl`, `ssl_ca`.
    public var database: MariaDBConfiguration
    /// `datastore.pool_size`: connections this node keeps to the database.
    public var poolSize: Int
    /// `datastore.poll_interval_ms`: how often the shared journal is looked at for other nodes' changes.
    public var pollIntervalMilliseconds: Int
    /// `datastore.spool_location`: the local spool (kind mysql); default `spool.db` beside the SQLite file's place.
    public var spoolPath: String
    /// `datastore.heartbeat_seconds`: how often this node writes its heartbeat (and renews its leases).
    public var heartbeatSeconds: Int
    /// `datastore.synchronous`: how the SQLite store (kind mysql: the spool) commits; FULL unless set.
    public var synchronous: SQLiteSynchronous

    init(_ values: ConfigValues) {
        typealias Keys = ConfigSchema.Store
        kind = Kind(rawValue: values.text(Keys.storeType)) ?? .sqlite
        databasePath = values.text(Keys.dbLocation)
        journalRetentionDays = values.number(Keys.journalRetentionDays)
        historyVersions = values.integer(Keys.historyVersions)
        database = MariaDBConfiguration(
            host: values.text(Keys.host), port: values.integer(Keys.port), username: values.text(Keys.user),
            password: values.optionalText(Keys.pass), database: values.text(Keys.name),
            tls: .init(enabled: values.bool(Keys.ssl), caFile: values.optionalText(Keys.sslCA)))
        poolSize = values.integer(Keys.poolSize)
        pollIntervalMilliseconds = values.integer(Keys.pollIntervalMilliseconds)
        heartbeatSeconds = values.integer(Keys.heartbeatSeconds)
        synchronous = SQLiteSynchronous(rawValue: values.text(Keys.synchronous)) ?? .full
        spoolPath = values.optionalText(Keys.spoolLocation) ?? Self.path("spool.db", besideFile: databasePath)
    }

    /// `name` in the directory of `file` (`./spool.db` when it names none).
    static func path(_ name: String, besideFile file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return name }
        return file[...slash] + name
    }
}
