import MariaDB

/// The coredns_mysql_extend tables, created when missing: `zones(id, zone_name, managed_by)` and
/// `records(id, zone_id, hostname, type, data, ttl, online)` with the index the plugin's lookup
/// (`WHERE online!=0 and zone_id=? and hostname=? and type=?`) uses. A `zones` table without
/// `managed_by` (created by the plugin's own setup) gains the column; its existing zones keep
/// NULL there, so `dadns` never touches them.
struct CoreDNSMySQLSchema: Sendable {
    /// The `managed_by` value of the zones this program writes (as the reference does).
    static let owner = "directadmin"
    /// Backquoted table names.
    let zones: String
    let records: String
    let zonesName: String

    init(zonesTable: String, recordsTable: String) throws {
        zones = try MariaDBIdentifier.quoted(zonesTable)
        records = try MariaDBIdentifier.quoted(recordsTable)
        zonesName = zonesTable
    }

    var createStatements: [String] {
        [
            """
            CREATE TABLE IF NOT EXISTS \(zones) (
              `id` INT NOT NULL AUTO_INCREMENT,
              `zone_name` VARCHAR(255) NOT NULL,
              `managed_by` VARCHAR(64) NULL DEFAULT NULL,
              PRIMARY KEY (`id`),
              UNIQUE KEY `zone_name` (`zone_name`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """,
            """
            CREATE TABLE IF NOT EXISTS \(records) (
              `id` INT NOT NULL AUTO_INCREMENT,
              `zone_id` INT NOT NULL,
              `hostname` VARCHAR(512) NOT NULL,
              `type` VARCHAR(16) NOT NULL,
              `data` TEXT NOT NULL,
              `ttl` INT NOT NULL DEFAULT 120,
              `online` TINYINT NOT NULL DEFAULT 1,
              PRIMARY KEY (`id`),
              KEY `idx_lookup` (`zone_id`, `hostname`, `type`, `online`),
              FOREIGN KEY (`zone_id`) REFERENCES \(zones) (`id`) ON DELETE CASCADE
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
            """,
        ]
    }

    /// Creates the tables when missing and adds `managed_by` to an older `zones` table.
    func prepare(_ connection: MariaDBConnection) throws {
        for statement in createStatements { try connection.execute(statement) }
        let found = try connection.query("""
            SELECT COUNT(*) FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = \(try connection.literal(zonesName)) AND COLUMN_NAME = 'managed_by'
            """)
        if found.first?.first.flatMap({ $0 }) == "0" {
            try connection.execute("ALTER TABLE \(zones) ADD COLUMN `managed_by` VARCHAR(64) NULL DEFAULT NULL")
        }
    }
}
