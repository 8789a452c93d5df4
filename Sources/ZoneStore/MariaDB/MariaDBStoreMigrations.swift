import MariaDB

/// The schema, one numbered migration per change; never edit a migration that has shipped.
///
/// Several nodes may start at once against one database (or Galera cluster), so a migration is
/// made of statements that are safe to run twice (`CREATE TABLE IF NOT EXISTS`, `ADD COLUMN IF
/// NOT EXISTS`, …), and its row in `schema_migrations` is inserted with the version as primary
/// key: the node that loses the race gets a duplicate key, which says "done already". No
/// `LOCK TABLES`, no `GET_LOCK` (neither holds across a Galera cluster).
enum MariaDBStoreMigrations {
    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: [String]
    }

    /// Every table: InnoDB (transactions, row locks, the only engine Galera replicates),
    /// utf8mb4 with binary collation, so names compare and sort by their bytes as in SQLite.
    static let tableOptions = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"

    static let ledger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INT NOT NULL PRIMARY KEY,
            name VARCHAR(200) NOT NULL,
            applied_at DOUBLE NOT NULL,
            applied_by VARCHAR(255) NOT NULL
        ) \(tableOptions)
        """

    static let all: [Migration] = [
        Migration(version: 1, name: "desired state, journal, applied state per node, probe", statements: [
            // Shared: one row per zone ever seen (present, or a tombstone kept for peer sync).
            """
            CREATE TABLE IF NOT EXISTS zones (
                domain VARCHAR(255) NOT NULL PRIMARY KEY,
                generation BIGINT NOT NULL,
                present TINYINT(1) NOT NULL,
                zone_text LONGTEXT NULL,
                record_count INT NOT NULL DEFAULT 0,
                content_hash VARCHAR(128) NULL,
                serial BIGINT NULL,
                da_hostname VARCHAR(255) NULL,
                da_username VARCHAR(255) NULL,
                client_address VARCHAR(64) NULL,
                created_at DOUBLE NOT NULL,
                updated_at DOUBLE NOT NULL,
                changed_at DOUBLE NOT NULL,
                KEY zones_by_update (updated_at),
                KEY zones_tombstones (present, changed_at)
            ) \(tableOptions)
            """,
            // Shared: every accepted change. `id` only orders the entries of one zone (they are
            // written under the zone's row lock); it is neither gapless nor in commit order
            // across nodes (Galera interleaves auto-increment values).
            """
            CREATE TABLE IF NOT EXISTS journal (
                id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                at DOUBLE NOT NULL,
                domain VARCHAR(255) NOT NULL,
                action VARCHAR(16) NOT NULL,
                generation BIGINT NOT NULL,
                source VARCHAR(32) NOT NULL,
                node VARCHAR(255) NOT NULL,
                da_hostname VARCHAR(255) NULL,
                da_username VARCHAR(255) NULL,
                client_address VARCHAR(64) NULL,
                content_hash VARCHAR(128) NULL,
                detail TEXT NULL,
                KEY journal_by_domain (domain, id),
                KEY journal_by_time (at)
            ) \(tableOptions)
            """,
            // Per node: what each backend of each node was sent of each zone. No foreign key to
            // `zones` (tombstone pruning removes a zone's rows itself).
            """
            CREATE TABLE IF NOT EXISTS applied (
                node VARCHAR(255) NOT NULL,
                backend VARCHAR(255) NOT NULL,
                domain VARCHAR(255) NOT NULL,
                applied_generation BIGINT NOT NULL DEFAULT 0,
                applied_hash VARCHAR(128) NULL,
                status VARCHAR(16) NOT NULL,
                attempts INT NOT NULL DEFAULT 0,
                next_attempt_at DOUBLE NULL,
                last_attempt_at DOUBLE NULL,
                last_error TEXT NULL,
                last_verified_at DOUBLE NULL,
                PRIMARY KEY (node, backend, domain),
                KEY applied_by_domain (domain),
                CONSTRAINT applied_status CHECK (status IN ('pending', 'ok', 'retrying', 'failed'))
            ) \(tableOptions)
            """,
            // Per node: the row `checkWritable` rewrites to learn whether writes work again.
            """
            CREATE TABLE IF NOT EXISTS store_probe (
                node VARCHAR(255) NOT NULL PRIMARY KEY,
                at DOUBLE NOT NULL
            ) \(tableOptions)
            """,
        ]),
        Migration(version: 2, name: "nodes and leases", statements: [
            // One row per node sharing the store, rewritten by its heartbeat.
            """
            CREATE TABLE IF NOT EXISTS nodes (
                node VARCHAR(255) NOT NULL PRIMARY KEY,
                started_at DOUBLE NOT NULL,
                last_seen_at DOUBLE NOT NULL,
                version VARCHAR(64) NULL
            ) \(tableOptions)
            """,
            // One row per cluster-wide job (reconciler, pruning): which node runs it, until when.
            """
            CREATE TABLE IF NOT EXISTS leases (
                name VARCHAR(64) NOT NULL PRIMARY KEY,
                holder VARCHAR(255) NOT NULL,
                acquired_at DOUBLE NOT NULL,
                expires_at DOUBLE NOT NULL
            ) \(tableOptions)
            """,
        ]),
        Migration(version: 3, name: "zone history", statements: [
            // Shared: the last `datastore.history_versions` versions of each zone's text,
            // written with every new generation of a present zone, pruned with the journal.
            """
            CREATE TABLE IF NOT EXISTS zone_history (
                domain VARCHAR(255) NOT NULL,
                generation BIGINT NOT NULL,
                zone_text LONGTEXT NOT NULL,
                record_count INT NOT NULL,
                content_hash VARCHAR(128) NOT NULL,
                serial BIGINT NULL,
                source VARCHAR(32) NOT NULL,
                da_hostname VARCHAR(255) NULL,
                da_username VARCHAR(255) NULL,
                changed_at DOUBLE NOT NULL,
                accepted_at DOUBLE NOT NULL,
                PRIMARY KEY (domain, generation)
            ) \(tableOptions)
            """,
        ]),
        Migration(version: 4, name: "applied state by backend and status", statements: [
            // `dadns zones --state failed`, `/api/zones?state=` and the console's state filter
            // read a node's few failed or retrying pairs from here instead of comparing every
            // zone's generations (`PairStateQuery.unsettledSQL`). InnoDB appends the primary key
            // (node, backend, domain) to a secondary index, so its entries are in domain order
            // within a status; naming `domain` too would pass the 3,072-byte key limit.
            "CREATE INDEX IF NOT EXISTS applied_by_status ON applied (node, backend, status)",
        ]),
    ]

    /// Brings the schema up to date. Safe to run from several nodes at once.
    /// - Throws: when the database holds a migration this build does not know (a newer dadns
    ///   migrated it): running on would misread it.
    static func migrate(_ connection: MariaDBConnection, node: String, at now: Double) throws {
        try connection.run(ledger)
        let done = Set(try connection.rows("SELECT version FROM schema_migrations").compactMap { $0.int(0) })
        if let unknown = done.subtracting(all.map(\.version)).max() {
            throw MariaDBError.invalidArgument(
                "the store's schema is at version \(unknown), newer than this dadns knows (\(all.map(\.version).max() ?? 0)): upgrade dadns")
        }
        for migration in all where !done.contains(migration.version) {
            for statement in migration.statements { try connection.run(statement) }
            do {
                try connection.run(
                    "INSERT INTO schema_migrations (version, name, applied_at, applied_by) VALUES (?, ?, ?, ?)",
                    [migration.version, migration.name, now, node])
            } catch let error as MariaDBError where error.code == duplicateKey {
                // Another node finished the same migration first; its statements and ours agree.
            }
        }
    }

    /// ER_DUP_ENTRY.
    static let duplicateKey: UInt32 = 1062
}
