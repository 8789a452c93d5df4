import GRDB

/// `StoreCopying` on SQLite: whole rows of `zones`, `applied` and `journal` out and in.
extension SQLiteZoneStore: StoreCopying {
    public func exportZones(after afterDomain: String, limit: Int) async throws -> [StoredZone] {
        try await database.read { db in
            try StoredZone.filter(StoredZone.Columns.domain > afterDomain).order(StoredZone.Columns.domain).limit(limit)
                .fetchAll(db)
        }
    }

    public func exportApplied(domains: [String]) async throws -> [StoredApplied] {
        guard !domains.isEmpty else { return [] }
        return try await database.read { db in
            try Self.chunks(of: domains).flatMap { chunk in
                try AppliedRecord.filter(chunk.contains(Column("domain"))).order(Column("domain"), Column("backend")).fetchAll(db)
            }.map(\.stored)
        }
    }

    public func exportJournal(afterDomain: String, domainLimit: Int) async throws -> [JournalLine] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.journalColumns) FROM journal j
                    JOIN (SELECT DISTINCT domain FROM journal WHERE domain > ? ORDER BY domain LIMIT ?) d ON d.domain = j.domain
                    ORDER BY j.domain, j.id
                    """,
                arguments: [afterDomain, domainLimit]
            ).map(Self.journalLine)
        }
    }

    public func zoneVersions(after afterDomain: String, limit: Int) async throws -> [StoredZoneVersion] {
        try await zonesPage("domain, generation, present, content_hash", after: afterDomain, limit: limit, Self.version)
    }

    public func zoneVersions(of domains: [String]) async throws -> [String: StoredZoneVersion] {
        try await database.read { db in
            var versions: [String: StoredZoneVersion] = [:]
            for chunk in Self.chunks(of: domains) {
                for row in try Row.fetchAll(
                    db,
                    sql: "SELECT domain, generation, present, content_hash FROM zones WHERE domain IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments(chunk))
                {
                    let version = Self.version(row)
                    versions[version.domain] = version
                }
            }
            return versions
        }
    }

    static let journalColumns =
        "j.at, j.domain, j.action, j.generation, j.source, j.da_hostname, j.da_username, j.client_address, j.content_hash, j.detail"

    private static func journalLine(_ row: Row) -> JournalLine {
        JournalLine(
            at: row[0], domain: row[1], action: row[2], generation: row[3], source: row[4], hostname: row[5], username: row[6],
            clientAddress: row[7], contentHash: row[8], detail: row[9])
    }

    private static func version(_ row: Row) -> StoredZoneVersion {
        StoredZoneVersion(
            domain: row["domain"], generation: row["generation"], present: (row["present"] as Int64?) == 1,
            contentHash: row["content_hash"])
    }

    public func copyCounts() async throws -> StoreCounts {
        try await database.read { db in
            StoreCounts(
                presentZones: try Self.presentZoneCount(in: db),
                tombstones: try StoredZone.filter(StoredZone.Columns.present == false).fetchCount(db),
                journalEntries: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM journal") ?? 0, appliedRows: try AppliedRecord.fetchCount(db),
                historyVersions: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM zone_history") ?? 0)
        }
    }

    public func importZones(_ zones: [StoredZone], applied: [StoredApplied], force: Bool, at now: Double) async throws -> ZoneImportOutcome {
        let outcome = try await write { db in
            let outcome = try StoreCopyRule.importBatch(
                zones, force: force, at: now,
                existing: { domain in
                    try StoredZone.fetchOne(db, key: domain).map { ($0.version, $0.changedAt) }
                },
                write: { zone, replacing in
                    try zone.save(db)
                    if replacing { try AppliedRecord.resetAttempts(of: zone.domain, in: db) }
                },
                append: { entry in try Self.append(entry, in: db) })
            for row in applied {
                try AppliedRecord(row).insert(db, onConflict: .ignore)
            }
            return outcome
        }
        if !outcome.written.isEmpty || !outcome.forced.isEmpty { changes.announce() }
        return outcome
    }

    public func importJournal(_ entries: [JournalLine]) async throws -> Int {
        guard !entries.isEmpty else { return 0 }
        let domains = Array(Set(entries.map(\.domain)))
        return try await write { db in
            var existing: [JournalLine] = []
            for chunk in Self.chunks(of: domains) {
                existing += try Row.fetchAll(
                    db, sql: "SELECT \(Self.journalColumns) FROM journal j WHERE j.domain IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments(chunk)
                ).map(Self.journalLine)
            }
            let missing = JournalLine.missing(entries, existing: existing)
            for entry in missing { try Self.append(entry, in: db) }
            return missing.count
        }
    }
}

extension AppliedRecord {
    var stored: StoredApplied {
        StoredApplied(
            backend: backend, domain: domain, appliedGeneration: appliedGeneration, appliedHash: appliedHash, status: status.rawValue,
            attempts: attempts, nextAttemptAt: nextAttemptAt, lastAttemptAt: lastAttemptAt, lastError: lastError,
            lastVerifiedAt: lastVerifiedAt)
    }

    init(_ row: StoredApplied) {
        self.init(
            backend: row.backend, domain: row.domain, appliedGeneration: row.appliedGeneration, appliedHash: row.appliedHash,
            status: Status(rawValue: row.status) ?? .pending, attempts: row.attempts, nextAttemptAt: row.nextAttemptAt,
            lastAttemptAt: row.lastAttemptAt, lastError: row.lastError, lastVerifiedAt: row.lastVerifiedAt)
    }
}
