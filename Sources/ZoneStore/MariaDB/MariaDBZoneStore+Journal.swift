import MariaDB

/// The `journal` table: every accepted change, shared by all nodes.
extension MariaDBZoneStore {
    public func history(of domain: String) async throws -> [JournalEntry] {
        try await read { connection in
            try connection.rows(
                "SELECT at, action, generation, source, da_hostname, detail FROM journal WHERE domain = ? ORDER BY id", [domain]
            ).map { row in
                JournalEntry(
                    at: try row.required(0, row.double), action: try row.required(1, row.string),
                    generation: try row.required(2, row.int64), source: try row.required(3, row.string), hostname: row.string(4),
                    detail: row.string(5))
            }
        }
    }

    /// Deletes entries older than `cutoff`, keeping the latest entry of every zone.
    @discardableResult
    public func pruneJournal(olderThan cutoff: Double) async throws -> Int {
        try await write { connection in
            // A derived table, not `NOT IN (SELECT … FROM journal)`: MariaDB does not let a
            // DELETE read its own table in a subquery.
            try connection.run(
                """
                DELETE j FROM journal j
                LEFT JOIN (SELECT MAX(id) AS id FROM journal GROUP BY domain) latest ON latest.id = j.id
                WHERE j.at < ? AND latest.id IS NULL
                """,
                [cutoff])
        }
    }
}
