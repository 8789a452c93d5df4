import GRDB

/// The `journal` table: every accepted change, in order (operators know it as the queue).
extension SQLiteZoneStore {
    public func history(of domain: String) async throws -> [JournalEntry] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT at, action, generation, source, da_hostname, detail FROM journal WHERE domain = ? ORDER BY id",
                arguments: [domain]
            ).map { JournalEntry(at: $0[0], action: $0[1], generation: $0[2], source: $0[3], hostname: $0[4], detail: $0[5]) }
        }
    }

    /// Deletes journal entries older than `cutoff` (seconds since 1970), keeping at least the
    /// latest entry of every zone. Returns how many were removed.
    @discardableResult
    public func pruneJournal(olderThan cutoff: Double) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    DELETE FROM journal WHERE at < ?
                      AND id NOT IN (SELECT MAX(id) FROM journal GROUP BY domain)
                    """,
                arguments: [cutoff])
            return db.changesCount
        }
    }
}
