import MariaDB

/// The `zone_history` table: the last versions of each zone's text, shared by all nodes.
extension MariaDBZoneStore {
    static let historyColumns =
        "domain, generation, source, da_hostname, da_username, content_hash, serial, record_count, changed_at, accepted_at"

    /// Records new generations' texts (of distinct zones: one, or a push group's), under the
    /// zones' row locks, with one statement each for all. Versions at or above each are left
    /// over from a zone whose tombstone was pruned (generations start again at 1).
    static func keep(_ versions: [ZoneHistoryVersion], on connection: MariaDBConnection) throws {
        guard !versions.isEmpty else { return }
        try connection.run(
            "DELETE FROM zone_history WHERE " + Array(repeating: "(domain = ? AND generation >= ?)", count: versions.count).joined(separator: " OR "),
            versions.flatMap { version -> [any SQLBindable] in [version.entry.domain, version.entry.generation] })
        let row = "(" + placeholders(11) + ")"
        try connection.run(
            """
            INSERT INTO zone_history (domain, generation, zone_text, record_count, content_hash, serial, source,
                                      da_hostname, da_username, changed_at, accepted_at)
            VALUES \(Array(repeating: row, count: versions.count).joined(separator: ", "))
            """,
            versions.flatMap { version -> [any SQLBindable] in
                let entry = version.entry
                return [
                    entry.domain, entry.generation, version.text, entry.recordCount, entry.contentHash, entry.serial.map { Int64($0) },
                    entry.source, entry.hostname, entry.username, entry.changedAt, entry.acceptedAt,
                ]
            })
    }

    /// Inserts a version; with `ignoringExisting` one already stored at its generation stands.
    /// Returns how many rows were added.
    static func insert(_ version: ZoneHistoryVersion, ignoringExisting: Bool, on connection: MariaDBConnection) throws -> Int {
        let entry = version.entry
        return try connection.run(
            """
            INSERT \(ignoringExisting ? "IGNORE " : "")INTO zone_history (domain, generation, zone_text, record_count, content_hash, serial, source,
                                      da_hostname, da_username, changed_at, accepted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                entry.domain, entry.generation, version.text, entry.recordCount, entry.contentHash, entry.serial.map { Int64($0) },
                entry.source, entry.hostname, entry.username, entry.changedAt, entry.acceptedAt,
            ])
    }

    static func historyEntry(_ row: SQLRow) throws -> ZoneHistoryEntry {
        ZoneHistoryEntry(
            domain: try row.required(0, row.string), generation: try row.required(1, row.int64),
            source: try row.required(2, row.string), hostname: row.string(3), username: row.string(4),
            contentHash: try row.required(5, row.string), serial: row.int64(6).map { UInt32(truncatingIfNeeded: $0) },
            recordCount: row.int(7) ?? 0, changedAt: try row.required(8, row.double), acceptedAt: try row.required(9, row.double))
    }

    public func historyVersions(of domain: String) async throws -> [ZoneHistoryEntry] {
        try await read { connection in
            try connection.rows(
                "SELECT \(Self.historyColumns) FROM zone_history WHERE domain = ? ORDER BY generation DESC", [domain]
            ).map(Self.historyEntry)
        }
    }

    public func historyVersion(of domain: String, generation: Int64) async throws -> ZoneHistoryVersion? {
        try await read { connection in
            try connection.row(
                "SELECT \(Self.historyColumns), zone_text FROM zone_history WHERE domain = ? AND generation = ?", [domain, generation]
            ).map { ZoneHistoryVersion(entry: try Self.historyEntry($0), text: try $0.required(10, $0.string)) }
        }
    }

    public func exportHistory(domains: [String]) async throws -> [ZoneHistoryVersion] {
        try await read { connection in
            try Self.chunks(of: domains).flatMap { chunk in
                try connection.rows(
                    """
                    SELECT \(Self.historyColumns), zone_text FROM zone_history
                    WHERE domain IN (\(Self.placeholders(chunk.count))) ORDER BY domain, generation
                    """,
                    chunk
                ).map { ZoneHistoryVersion(entry: try Self.historyEntry($0), text: try $0.required(10, $0.string)) }
            }
        }
    }

    public func importHistory(_ versions: [ZoneHistoryVersion]) async throws -> Int {
        guard !versions.isEmpty else { return 0 }
        return try await write { connection in
            try versions.reduce(0) { added, version in added + (try Self.insert(version, ignoringExisting: true, on: connection)) }
        }
    }

    @discardableResult
    public func pruneZoneHistory(keeping versions: Int) async throws -> Int {
        try await write { connection in
            // Derived tables: MariaDB does not let a DELETE read its own table in a subquery.
            let older = try connection.run(
                """
                DELETE h FROM zone_history h
                JOIN (SELECT domain, generation FROM (
                        SELECT domain, generation, ROW_NUMBER() OVER (PARTITION BY domain ORDER BY generation DESC) AS newer
                        FROM zone_history) ranked
                      WHERE newer > ?) old ON old.domain = h.domain AND old.generation = h.generation
                """,
                [versions])
            let gone = try connection.run(
                "DELETE h FROM zone_history h LEFT JOIN zones z ON z.domain = h.domain WHERE z.domain IS NULL")
            return older + gone
        }
    }
}
