import GRDB

/// The schema, one migration per change; never edit a migration that has shipped.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: desired state, applied state, journal") { db in
            // One row per zone ever seen: what every backend must hold.
            try db.execute(sql: """
                CREATE TABLE zones (
                    domain TEXT PRIMARY KEY NOT NULL,
                    generation INTEGER NOT NULL,
                    present INTEGER NOT NULL,
                    zone_text TEXT,
                    record_count INTEGER NOT NULL DEFAULT 0,
                    content_hash TEXT,
                    serial INTEGER,
                    da_hostname TEXT,
                    da_username TEXT,
                    client_address TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                ) STRICT
                """)
            try db.execute(sql: "CREATE INDEX zones_by_update ON zones(updated_at)")
            // One row per (backend, zone) once the backend was asked to hold it.
            try db.execute(sql: """
                CREATE TABLE applied (
                    backend TEXT NOT NULL,
                    domain TEXT NOT NULL REFERENCES zones(domain) ON DELETE CASCADE,
                    applied_generation INTEGER NOT NULL DEFAULT 0,
                    applied_hash TEXT,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'retrying', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL,
                    last_attempt_at REAL,
                    last_error TEXT,
                    last_verified_at REAL,
                    PRIMARY KEY (backend, domain)
                ) STRICT
                """)
            // Every accepted change, in order: the persistent record operators know as the queue.
            try db.execute(sql: """
                CREATE TABLE journal (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    domain TEXT NOT NULL,
                    action TEXT NOT NULL,
                    generation INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    da_hostname TEXT,
                    da_username TEXT,
                    client_address TEXT,
                    content_hash TEXT,
                    detail TEXT
                ) STRICT
                """)
            try db.execute(sql: "CREATE INDEX journal_by_domain ON journal(domain, id)")
            try db.execute(sql: "CREATE INDEX journal_by_time ON journal(at)")
        }
        migrator.registerMigration("v2: change time at the origin (peer sync)") { db in
            // When DirectAdmin's change reached the node that first accepted it: a zone copied
            // from a peer keeps the peer's time, so every node orders versions alike.
            // `updated_at` stays the time this node accepted the change.
            try db.execute(sql: "ALTER TABLE zones ADD COLUMN changed_at REAL")
            try db.execute(sql: "UPDATE zones SET changed_at = updated_at")
            try db.execute(sql: "CREATE INDEX zones_tombstones ON zones(present, changed_at)")
        }
        migrator.registerMigration("v3: applied state by domain") { db in
            // A push resets the attempts of its zone on every backend (`WHERE domain = ?`); the
            // primary key starts with the backend, so without this each push scanned the table.
            try db.execute(sql: "CREATE INDEX applied_by_domain ON applied(domain)")
        }
        migrator.registerMigration("v4: write probe") { db in
            // One row `checkWritable` rewrites to learn whether writes work again after they
            // failed (disk full, read-only file system) while no change came to try.
            try db.execute(sql: "CREATE TABLE store_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at REAL NOT NULL) STRICT")
        }
        migrator.registerMigration("v5: zone history") { db in
            // The last `datastore.history_versions` versions of each zone's text, for `dadns
            // zone history`, `diff` and `rollback`. Written with every new generation of a
            // present zone; pruned with the journal. History starts with this migration.
            try db.execute(sql: """
                CREATE TABLE zone_history (
                    domain TEXT NOT NULL,
                    generation INTEGER NOT NULL,
                    zone_text TEXT NOT NULL,
                    record_count INTEGER NOT NULL,
                    content_hash TEXT NOT NULL,
                    serial INTEGER,
                    source TEXT NOT NULL,
                    da_hostname TEXT,
                    da_username TEXT,
                    changed_at REAL NOT NULL,
                    accepted_at REAL NOT NULL,
                    PRIMARY KEY (domain, generation)
                ) STRICT
                """)
        }
        migrator.registerMigration("v6: applied state by backend and status") { db in
            // `dadns zones --state failed`, `/api/zones?state=retrying` and the console's state
            // filter find the few failed or retrying pairs of a backend through this index
            // instead of comparing every zone's generations (about 150 ms at 100,000 zones).
            // Not a partial index: SQLite would not see `status = 'failed'` imply its condition.
            try db.execute(sql: "CREATE INDEX applied_by_status ON applied(backend, status, domain)")
        }
        migrator.registerMigration("v7: zone change sequence") { db in
            // Every change of a zone's generation or presence takes the next number of one
            // store-wide counter (triggers, so no write path can miss it). A dispatcher lane that
            // found nothing to do remembers the counter (`PendingWatermarks`); from then on its
            // pending query reads only zones changed since (this index) and its pairs not `ok`
            // (`applied_by_status`) instead of comparing every zone (about 140 ms at 100,000).
            // A counter, not MAX(change_seq): pruning the newest tombstone must not reuse a number.
            try db.execute(sql: "CREATE TABLE zone_change_counter (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL) STRICT")
            try db.execute(sql: "INSERT INTO zone_change_counter (id, seq) VALUES (1, 0)")
            try db.execute(sql: "ALTER TABLE zones ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0")
            try db.execute(sql: "CREATE INDEX zones_by_change_seq ON zones(change_seq)")
            try db.execute(sql: "CREATE TRIGGER zones_numbered_on_insert AFTER INSERT ON zones \(numberTheZone)")
            try db.execute(sql: "CREATE TRIGGER zones_numbered_on_change AFTER UPDATE OF generation, present ON zones \(numberTheZone)")
        }
        migrator.registerMigration("v8: fewer writes per push") { db in
            try StoreMigrations.fewerWritesPerPush(db)
        }
        return migrator
    }

    /// The body of the triggers that number a zone's change (v7, v8): the next counter value
    /// into the zone's `change_seq`. Frozen: migrations v7 and v8 run this text, so a later
    /// change of the triggers writes its own text in its own migration.
    static let numberTheZone = """
        BEGIN
            UPDATE zone_change_counter SET seq = seq + 1 WHERE id = 1;
            UPDATE zones SET change_seq = (SELECT seq FROM zone_change_counter WHERE id = 1) WHERE domain = NEW.domain;
        END
        """
}
