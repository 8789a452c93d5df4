import MariaDB

/// Settings of a `coredns_mysql` backend (keys of its `dns.backends.<name>` stanza).
public struct CoreDNSMySQLSettings: Sendable, Equatable {
    /// Server, credentials, database, timeouts and TLS.
    public var connection: MariaDBConfiguration
    /// `zones_table`: the plugin's `zones` table.
    public var zonesTable: String = Defaults.zonesTable
    /// `records_table` (or the reference's `table_name`): the plugin's `records` table.
    public var recordsTable: String = Defaults.recordsTable
    /// `pool_size`: connections to this server; zones of a batch are applied on all of them at once.
    public var poolSize: Int = Defaults.poolSize
    /// `library_path`: where Connector/C is; nil tries `libmariadb.so.3`, then `libmariadb.so`.
    public var libraryPath: String?

    /// Defaults the (synthesized) initializer shares with the stanza's keys.
    public enum Defaults {
        public static let zonesTable = "zones"
        public static let recordsTable = "records"
        public static let poolSize = 4
    }
}
