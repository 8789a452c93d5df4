import GRDB

/// The `journal` table: every accepted change, in order (operators know it as the queue).
extension SQLiteZoneStore {
    /// The journal entry of a push (or of a peer's zone, recorded as a push from `peer`).
    static func journal(_ push: ZonePush, action: String, generation: Int64, detail: String?, at now: Double) -> JournalRecord {
        JournalRecord(
            at: now, domain: push.domain, action: action, generation: generation, source: push.source.rawValue,
            hostname: push.hostname, username: push.username, clientAddress: push.clientAddress,
            contentHash: push.contentHash, detail: detail)
    }

    public func history(of domain: String) async throws -> [JournalEntry] {
        try await database.read { db in
            try JournalRecord.filter(JournalRecord.Columns.domain == domain).order(JournalRecord.Columns.id).fetchAll(db).map(\.entry)
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
