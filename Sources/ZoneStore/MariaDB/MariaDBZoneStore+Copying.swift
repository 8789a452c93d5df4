import MariaDB

/// `StoreCopying` on MariaDB: whole rows of the shared `zones` and `journal`, and of this
/// node's `applied` rows, out and in. Zones are checked and written under their row locks, as
/// every other write, so a copy into a database other nodes use loses none of their changes.
extension MariaDBZoneStore: StoreCopying {
    static let storedColumns =
        "domain, generation, present, zone_text, record_count, content_hash, serial, da_hostname, da_username, client_address, created_at, updated_at, changed_at"

    public func exportZones(after afterDomain: String, limit: Int) async throws -> [StoredZone] {
        try await read { connection in
            try connection.rows("SELECT \(Self.storedColumns) FROM zones WHERE domain > ? ORDER BY domain LIMIT ?", [afterDomain, limit])
                .map { row in
                    StoredZone(
                        domain: try row.required(0, row.string), generation: try row.required(1, row.int64), present: row.bool(2),
                        zoneText: row.string(3), recordCount: row.int(4) ?? 0, contentHash: row.string(5), serial: row.int64(6),
                        hostname: row.string(7), username: row.string(8), clientAddress: row.string(9),
                        createdAt: try row.required(10, row.double), updatedAt: try row.required(11, row.double),
                        changedAt: try row.required(12, row.double))
                }
        }
    }

    public func exportApplied(domains: [String]) async throws -> [StoredApplied] {
        guard !domains.isEmpty else { return [] }
        let node = nodeName
        return try await read { connection in
            try Self.chunks(of: domains).flatMap { chunk in
                try connection.rows(
                    """
                    SELECT backend, domain, applied_generation, applied_hash, status, attempts, next_attempt_at, last_attempt_at,
                           last_error, last_verified_at
                    FROM applied WHERE node = ? AND domain IN (\(Self.placeholders(chunk.count))) ORDER BY domain, backend
                    """,
                    [node] + chunk)
            }.map { row in
                StoredApplied(
                    backend: try row.required(0, row.string), domain: try row.required(1, row.string),
                    appliedGeneration: row.int64(2) ?? 0, appliedHash: row.string(3), status: try row.required(4, row.string),
                    attempts: row.int(5) ?? 0, nextAttemptAt: row.double(6), lastAttemptAt: row.double(7), lastError: row.string(8),
                    lastVerifiedAt: row.double(9))
            }
        }
    }

    public func exportJournal(afterDomain: String, domainLimit: Int) async throws -> [JournalLine] {
        try await read { connection in
            // A derived table: MariaDB takes no LIMIT in an IN subquery.
            try connection.rows(
                """
                SELECT \(Self.journalColumns) FROM journal j
                JOIN (SELECT DISTINCT domain FROM journal WHERE domain > ? ORDER BY domain LIMIT ?) d ON d.domain = j.domain
                ORDER BY j.domain, j.id
                """,
                [afterDomain, domainLimit]
            ).map(Self.journalEntry)
        }
    }

    static let journalColumns =
        "j.at, j.domain, j.action, j.generation, j.source, j.da_hostname, j.da_username, j.client_address, j.content_hash, j.detail"

    static func journalEntry(_ row: SQLRow) throws -> JournalLine {
        JournalLine(
            at: try row.required(0, row.double), domain: try row.required(1, row.string), action: try row.required(2, row.string),
            generation: try row.required(3, row.int64), source: try row.required(4, row.string), hostname: row.string(5),
            username: row.string(6), clientAddress: row.string(7), contentHash: row.string(8), detail: row.string(9))
    }

    public func zoneVersions(after afterDomain: String, limit: Int) async throws -> [StoredZoneVersion] {
        try await read { connection in
            try connection.rows(
                "SELECT domain, generation, present, content_hash FROM zones WHERE domain > ? ORDER BY domain LIMIT ?", [afterDomain, limit]
            ).map(Self.version)
        }
    }

    public func zoneVersions(of domains: [String]) async throws -> [String: StoredZoneVersion] {
        guard !domains.isEmpty else { return [:] }
        return try await read { connection in
            var versions: [String: StoredZoneVersion] = [:]
            for chunk in Self.chunks(of: domains) {
                for row in try connection.rows(
                    "SELECT domain, generation, present, content_hash FROM zones WHERE domain IN (\(Self.placeholders(chunk.count)))", chunk)
                {
                    let version = try Self.version(row)
                    versions[version.domain] = version
                }
            }
            return versions
        }
    }

    static func version(_ row: SQLRow) throws -> StoredZoneVersion {
        StoredZoneVersion(
            domain: try row.required(0, row.string), generation: try row.required(1, row.int64), present: row.bool(2),
            contentHash: row.string(3))
    }

    public func copyCounts() async throws -> StoreCounts {
        let node = nodeName
        return try await read { connection in
            let zones = try connection.row("SELECT COALESCE(SUM(present = 1), 0), COALESCE(SUM(present = 0), 0) FROM zones")
            return StoreCounts(
                presentZones: zones?.int(0) ?? 0, tombstones: zones?.int(1) ?? 0,
                journalEntries: try connection.row("SELECT COUNT(*) FROM journal")?.int(0) ?? 0,
                appliedRows: try connection.row("SELECT COUNT(*) FROM applied WHERE node = ?", [node])?.int(0) ?? 0,
                historyVersions: try connection.row("SELECT COUNT(*) FROM zone_history")?.int(0) ?? 0)
        }
    }

    public func importZones(_ zones: [StoredZone], applied: [StoredApplied], force: Bool, at now: Double) async throws -> ZoneImportOutcome {
        let node = nodeName
        let outcome = try await write { connection in
            let outcome = try StoreCopyRule.importBatch(
                zones, force: force, at: now,
                existing: { domain in
                    try MariaDBRows.lockZone(domain, on: connection).map { locked in
                        (StoredZoneVersion(domain: domain, generation: locked.generation, present: locked.present, contentHash: locked.contentHash),
                         locked.changedAt ?? locked.updatedAt)
                    }
                },
                write: { zone, replacing in
                    try Self.writeWhole(zone, on: connection)
                    if replacing { try MariaDBRows.resetAttempts(of: zone.domain, on: connection) }
                },
                append: { entry in try MariaDBRows.append(entry, node: node, on: connection) })
            for row in applied {
                try connection.run(
                    """
                    INSERT IGNORE INTO applied (node, backend, domain, applied_generation, applied_hash, status, attempts,
                                                next_attempt_at, last_attempt_at, last_error, last_verified_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        node, row.backend, row.domain, row.appliedGeneration, row.appliedHash, row.status, row.attempts, row.nextAttemptAt,
                        row.lastAttemptAt, row.lastError, row.lastVerifiedAt,
                    ])
            }
            return outcome
        }
        if !outcome.written.isEmpty || !outcome.forced.isEmpty { changes.announce() }
        return outcome
    }

    /// A zone's row written whole, as given.
    static func writeWhole(_ zone: StoredZone, on connection: MariaDBConnection) throws {
        try connection.run(
            """
            REPLACE INTO zones (\(storedColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                zone.domain, zone.generation, zone.present, zone.zoneText, zone.recordCount, zone.contentHash, zone.serial, zone.hostname,
                zone.username, zone.clientAddress, zone.createdAt, zone.updatedAt, zone.changedAt,
            ])
    }

    public func importJournal(_ entries: [JournalLine]) async throws -> Int {
        guard !entries.isEmpty else { return 0 }
        let node = nodeName
        let domains = Array(Set(entries.map(\.domain)))
        return try await write { connection in
            var existing: [JournalLine] = []
            for chunk in Self.chunks(of: domains) {
                existing += try connection.rows(
                    "SELECT \(Self.journalColumns) FROM journal j WHERE j.domain IN (\(Self.placeholders(chunk.count)))", chunk
                ).map(Self.journalEntry)
            }
            let missing = JournalLine.missing(entries, existing: existing)
            for entry in missing { try MariaDBRows.append(entry, node: node, on: connection) }
            return missing.count
        }
    }
}
