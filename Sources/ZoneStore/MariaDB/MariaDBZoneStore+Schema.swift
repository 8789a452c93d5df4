import MariaDB

extension MariaDBZoneStore {
    /// The newest schema version (migration) this build knows; a database at a newer one is refused.
    public static var schemaVersion: Int { MariaDBStoreMigrations.all.last?.version ?? 0 }

    /// The schema version a database holds (its newest applied migration); nil when no node
    /// created the schema yet. Read-only.
    public static func schemaVersion(of connection: MariaDBConnection) throws -> Int? {
        let ledger = try connection.query(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'schema_migrations'")
        guard ledger.first?.first.flatMap({ $0 }) != "0" else { return nil }
        return try connection.query("SELECT MAX(version) FROM schema_migrations").first?.first.flatMap { $0 }.flatMap { Int($0) }
    }
}
