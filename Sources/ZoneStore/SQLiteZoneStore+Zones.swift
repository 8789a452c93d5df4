import GRDB

/// The `zones` table: desired state per zone. Every write that changes a zone also resets the
/// zone's retry schedules and appends to the journal, in the same transaction.
extension SQLiteZoneStore {
    /// The push inside an open transaction (also run by `GroupCommit` for a batch).
    static func push(_ push: ZonePush, at now: Double, in db: Database) throws -> PushOutcome {
        try change(push.domain, in: db) { DesiredStateRules.push(push, over: $0, at: now) }
    }

    public func zone(_ domain: String) async throws -> DesiredZone? {
        try await database.read { db in try StoredZone.fetchOne(db, key: domain)?.desired }
    }

    public func firstPresent(of candidates: [String]) async throws -> DesiredZone? {
        guard !candidates.isEmpty else { return nil }
        return try await database.read { db in
            let records = try StoredZone.filter(StoredZone.Columns.present == true && candidates.contains(StoredZone.Columns.domain))
                .fetchAll(db)
            let byDomain = Dictionary(uniqueKeysWithValues: records.map { ($0.domain, $0) })
            return candidates.lazy.compactMap { byDomain[$0] }.first?.desired
        }
    }

    public func zonePage(present: Bool?, after afterDomain: String, limit: Int) async throws -> [ZoneSummary] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT domain, generation, present, record_count, serial, da_hostname, da_username, updated_at
                    FROM zones WHERE (? IS NULL OR present = ?) AND domain > ? ORDER BY domain LIMIT ?
                    """,
                arguments: [present, present, afterDomain, limit]
            ).map { row in
                ZoneSummary(
                    domain: row["domain"], generation: row["generation"], present: (row["present"] as Int64?) == 1,
                    recordCount: row["record_count"], serial: (row["serial"] as Int64?).map { UInt32(truncatingIfNeeded: $0) },
                    hostname: row["da_hostname"], username: row["da_username"], updatedAt: row["updated_at"])
            }
        }
    }

    /// Every row less the tombstones: both counted by index (`zones_tombstones` holds only
    /// tombstones since schema v8), where `present = 1` would read every row.
    public func presentZoneCount() async throws -> Int {
        try await database.read { db in try Self.presentZoneCount(in: db) }
    }

    static func presentZoneCount(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM zones) - (SELECT COUNT(*) FROM zones WHERE present = 0)") ?? 0
    }

    public func ownedZoneCounts() async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT da_hostname, COUNT(*) AS n FROM zones WHERE present = 1 AND da_hostname IS NOT NULL GROUP BY da_hostname")
            {
                counts[row["da_hostname"]] = row["n"]
            }
            return counts
        }
    }

    public func presentZoneTexts(afterDomain: String, limit: Int) async throws -> [(domain: String, text: String, hash: String)] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT domain, zone_text, content_hash FROM zones WHERE present = 1 AND domain > ? ORDER BY domain LIMIT ?",
                arguments: [afterDomain, limit]
            ).map { (domain: $0["domain"], text: $0["zone_text"] ?? "", hash: $0["content_hash"] ?? "") }
        }
    }

    public func deleted(among domains: [String]) async throws -> Set<String> {
        guard !domains.isEmpty else { return [] }
        return try await database.read { db in
            var found = Set<String>()
            for chunk in Self.chunks(of: domains) {
                let names = try String.fetchAll(
                    db, sql: "SELECT domain FROM zones WHERE present = 0 AND domain IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments(chunk))
                found.formUnion(names)
            }
            return found
        }
    }

    /// `domains` in chunks SQLite takes as one `IN (…)` list.
    static func chunks(of domains: [String]) -> [[String]] {
        stride(from: 0, to: domains.count, by: 500).map { Array(domains[$0..<min($0 + 500, domains.count)]) }
    }
}
