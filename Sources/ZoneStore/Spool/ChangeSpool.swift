import Foundation
import GRDB

/// The local durable spool: a small SQLite file holding, in order, the changes this node
/// acknowledged while the shared database could not be reached. Each append is one transaction,
/// committed (`synchronous = FULL` unless `datastore.synchronous: normal`) before DirectAdmin gets
/// its `error=0`; an entry is removed only after the shared store committed it (or decided against it).
public final class ChangeSpool: Sendable {
    /// The spool file.
    public let path: String
    let database: DatabasePool
    let writeMonitor = StoreWriteMonitor()

    /// The spool's size in brief, for `/status`.
    public struct Summary: Sendable, Equatable {
        public var depth: Int
        /// When the oldest entry was accepted.
        public var oldestAcceptedAt: Double?
    }

    /// Opens (creating if needed) the spool at `path`; its appends reach the disk as
    /// `synchronous` says (`datastore.synchronous`, FULL unless set).
    public init(path: String, synchronous: SQLiteSynchronous = .full) throws {
        self.path = path
        database = try DatabasePool.durable(path: path, synchronous: synchronous)
        try Self.migrator.migrate(database)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE spool (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        domain TEXT NOT NULL,
                        action TEXT NOT NULL CHECK (action IN ('save', 'delete')),
                        accepted_at REAL NOT NULL,
                        zone_text TEXT,
                        record_count INTEGER NOT NULL DEFAULT 0,
                        content_hash TEXT,
                        serial INTEGER,
                        da_hostname TEXT,
                        da_username TEXT,
                        client_address TEXT,
                        source TEXT NOT NULL
                    );
                    CREATE INDEX spool_domain ON spool (domain, accepted_at);
                    CREATE INDEX spool_order ON spool (accepted_at, id);
                    """)
        }
        return migrator
    }

    /// Appends `intake` accepted at `now`, and returns it as spooled. With `onlyIfZonePending`,
    /// only when the spool already holds a change of the same zone (so that a zone's changes stay
    /// in order); nil when it holds none. One transaction.
    public func append(_ intake: SpooledChange.Intake, at now: Double, onlyIfZonePending: Bool = false) async throws -> SpooledChange? {
        try await writeMonitor.write(database) { db -> SpooledChange? in
            let domain = SpooledChange(id: 0, acceptedAt: now, intake: intake).domain
            if onlyIfZonePending {
                let pending = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM spool WHERE domain = ?)", arguments: [domain])
                guard pending == true else { return nil }
            }
            // Forwarding compares acceptance times, so two changes of one zone must never look
            // simultaneous: a tie moves the later arrival by the smallest step.
            var acceptedAt = now
            while try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM spool WHERE domain = ? AND accepted_at = ?)", arguments: [domain, acceptedAt]) == true
            {
                acceptedAt = acceptedAt.nextUp
            }
            try Self.insert(intake, acceptedAt: acceptedAt, in: db)
            return SpooledChange(id: db.lastInsertedRowID, acceptedAt: acceptedAt, intake: intake)
        }
    }

    private static func insert(_ intake: SpooledChange.Intake, acceptedAt: Double, in db: Database) throws {
        let sql = """
            INSERT INTO spool (domain, action, accepted_at, zone_text, record_count, content_hash, serial, da_hostname,
                               da_username, client_address, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        switch intake {
        case .push(let push):
            try db.execute(
                sql: sql,
                arguments: [
                    push.domain, "save", acceptedAt, push.canonicalText, push.recordCount, push.contentHash, push.serial.map { Int64($0) },
                    push.hostname, push.username, push.clientAddress, push.source.rawValue,
                ])
        case .delete(let domain, let hostname, let username, let clientAddress, let source):
            try db.execute(
                sql: sql,
                arguments: [domain, "delete", acceptedAt, nil, 0, nil, nil, hostname, username, clientAddress, source.rawValue])
        }
    }

    /// The oldest `limit` entries, in the order they were accepted (which is not always the order
    /// they reached the spool: a push that waited for a connect timeout arrives after a later one).
    public func oldest(limit: Int) async throws -> [SpooledChange] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM spool ORDER BY accepted_at, id LIMIT ?", arguments: [limit]).map(Self.change)
        }
    }

    private static func change(_ row: Row) -> SpooledChange {
        let domain: String = row["domain"]
        let source = ChangeSource(rawValue: row["source"]) ?? .directAdmin
        let intake: SpooledChange.Intake
        if (row["action"] as String) == "delete" {
            intake = .delete(
                domain: domain, hostname: row["da_hostname"], username: row["da_username"], clientAddress: row["client_address"],
                source: source)
        } else {
            intake = .push(ZonePush(
                domain: domain, canonicalText: row["zone_text"] ?? "", recordCount: row["record_count"],
                contentHash: row["content_hash"] ?? "", serial: (row["serial"] as Int64?).map { UInt32(truncatingIfNeeded: $0) },
                hostname: row["da_hostname"], username: row["da_username"], clientAddress: row["client_address"], source: source))
        }
        return SpooledChange(id: row["id"], acceptedAt: row["accepted_at"], intake: intake)
    }

    /// Removes an entry once the shared store committed it or decided against it.
    public func remove(_ id: Int64) async throws {
        try await writeMonitor.write(database) { db in
            try db.execute(sql: "DELETE FROM spool WHERE id = ?", arguments: [id])
        }
    }

    /// How many entries wait, and since when.
    public func summary() async throws -> Summary {
        try await database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), MIN(accepted_at) FROM spool")
            return Summary(depth: row?[0] ?? 0, oldestAcceptedAt: row?[1])
        }
    }

    /// Whether writes to the spool file work, as the latest showed.
    public var writeHealth: StoreWriteHealth { writeMonitor.health }
}
