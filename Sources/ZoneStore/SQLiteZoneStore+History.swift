import GRDB

/// The `zone_history` table: the last versions of each zone's text.
extension SQLiteZoneStore {
    static let historyColumns =
        "domain, generation, source, da_hostname, da_username, content_hash, serial, record_count, changed_at, accepted_at"

    /// Records a new generation's text (the upsert's transaction). Cached statements: every
    /// changing push writes one. Versions at or above the new generation are left over from a
    /// zone whose tombstone was pruned (its generations start again at 1): they go first.
    static func keep(_ version: ZoneHistoryVersion, in db: Database) throws {
        let entry = version.entry
        try db.cachedStatement(sql: "DELETE FROM zone_history WHERE domain = ? AND generation >= ?")
            .execute(arguments: [entry.domain, entry.generation])
        try insert(version, ignoringExisting: false, in: db)
    }

    /// Inserts a version; with `ignoringExisting` one already stored at its generation stands.
    static func insert(_ version: ZoneHistoryVersion, ignoringExisting: Bool, in db: Database) throws {
        let entry = version.entry
        try db.cachedStatement(
            sql: """
                INSERT \(ignoringExisting ? "OR IGNORE " : "")INTO zone_history (domain, generation, zone_text, record_count, content_hash, serial, source,
                                                    da_hostname, da_username, changed_at, accepted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            entry.domain, entry.generation, version.text, entry.recordCount, entry.contentHash, entry.serial.map { Int64($0) },
            entry.source, entry.hostname, entry.username, entry.changedAt, entry.acceptedAt,
        ])
    }

    static func historyEntry(_ row: Row) -> ZoneHistoryEntry {
        ZoneHistoryEntry(
            domain: row[0], generation: row[1], source: row[2], hostname: row[3], username: row[4], contentHash: row[5],
            serial: (row[6] as Int64?).map { UInt32(truncatingIfNeeded: $0) }, recordCount: row[7], changedAt: row[8],
            acceptedAt: row[9])
    }

    public func historyVersions(of domain: String) async throws -> [ZoneHistoryEntry] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.historyColumns) FROM zone_history WHERE domain = ? ORDER BY generation DESC",
                arguments: [domain]
            ).map(Self.historyEntry)
        }
    }

    public func historyVersion(of domain: String, generation: Int64) async throws -> ZoneHistoryVersion? {
        try await database.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.historyColumns), zone_text FROM zone_history WHERE domain = ? AND generation = ?",
                arguments: [domain, generation]
            ).map { ZoneHistoryVersion(entry: Self.historyEntry($0), text: $0[10]) }
        }
    }

    public func exportHistory(domains: [String]) async throws -> [ZoneHistoryVersion] {
        try await database.read { db in
            try Self.chunks(of: domains).flatMap { chunk in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(Self.historyColumns), zone_text FROM zone_history
                        WHERE domain IN (\(databaseQuestionMarks(count: chunk.count))) ORDER BY domain, generation
                        """,
                    arguments: StatementArguments(chunk)
                ).map { ZoneHistoryVersion(entry: Self.historyEntry($0), text: $0[10]) }
            }
        }
    }

    public func importHistory(_ versions: [ZoneHistoryVersion]) async throws -> Int {
        guard !versions.isEmpty else { return 0 }
        return try await write { db in
            var added = 0
            for version in versions {
                try Self.insert(version, ignoringExisting: true, in: db)
                added += db.changesCount
            }
            return added
        }
    }

    @discardableResult
    public func pruneZoneHistory(keeping versions: Int) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    DELETE FROM zone_history WHERE (domain, generation) IN (
                        SELECT domain, generation FROM (
                            SELECT domain, generation, ROW_NUMBER() OVER (PARTITION BY domain ORDER BY generation DESC) AS newer
                            FROM zone_history)
                        WHERE newer > ?)
                      OR domain NOT IN (SELECT domain FROM zones)
                    """,
                arguments: [versions])
            return db.changesCount
        }
    }
}
