import GRDB

/// The `zones` table: desired state per zone. Every write that changes a zone also resets the
/// zone's retry schedules and appends to the journal, in the same transaction.
extension SQLiteZoneStore {
    /// The push inside an open transaction (also run by `GroupCommit` for a batch).
    static func push(_ push: ZonePush, at now: Double, in db: Database) throws -> PushOutcome {
        // Cached statements: a push is the hot path, and compiling its SQL each time cost more
        // than running it (and the zone text is not read back).
        let existing = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT generation, present, content_hash, da_hostname, changed_at, serial FROM zones WHERE domain = ?"),
            arguments: [push.domain])
        let oldGeneration: Int64 = existing?["generation"] ?? 0
        let wasPresent = (existing?["present"] as Int64?) == 1
        let oldHash: String? = existing?["content_hash"]
        let oldOwner: String? = existing?["da_hostname"]
        let ownerChanged = wasPresent && oldOwner != nil && push.hostname != nil && oldOwner != push.hostname
        if wasPresent && oldHash == push.contentHash && !ownerChanged {
            try journal(push, action: "save", generation: oldGeneration, detail: "unchanged", at: now).append(in: db)
            return PushOutcome(generation: oldGeneration, changed: false, previousOwner: nil)
        }
        let generation = oldGeneration + 1
        try ZoneRecord.upsert(
            domain: push.domain, generation: generation, content: push, hostname: push.hostname, username: push.username,
            clientAddress: push.clientAddress, at: now, changedAt: changeTime(after: existing?["changed_at"], now: now), in: db)
        try AppliedRecord.resetAttempts(of: push.domain, in: db)
        let detail = ownerChanged ? "owner \(oldOwner ?? "?") -> \(push.hostname ?? "?")" : nil
        try journal(push, action: "save", generation: generation, detail: detail, at: now).append(in: db)
        let previousSerial = wasPresent && oldHash != push.contentHash ? (existing?["serial"] as Int64?).map { UInt32(truncatingIfNeeded: $0) } : nil
        return PushOutcome(
            generation: generation, changed: true, previousOwner: ownerChanged ? oldOwner : nil, previousSerial: previousSerial)
    }

    /// A delete from a DirectAdmin host that does not own the zone is refused and changes
    /// nothing (a migrated account's old server must not remove the zone).
    public func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource,
        at now: Double
    ) async throws -> DeleteOutcome {
        let outcome = try await write { db in
            try Self.delete(
                domain: domain, hostname: hostname, username: username, clientAddress: clientAddress, source: source, at: now, in: db)
        }
        if case .deleted = outcome { changes.announce() }
        return outcome
    }

    /// Only if the zone is still present at `generation` and owned by `owner` (journal source
    /// `reconciler`): the reconciler never overrides a change made after it looked.
    public func deleteOrphan(
        domain: String, generation: Int64, owner: String, username: String?, at now: Double
    ) async throws -> DeleteOutcome? {
        let outcome = try await write { db -> DeleteOutcome? in
            guard let zone = try ZoneRecord.fetchOne(db, key: domain), zone.present, zone.generation == generation,
                zone.hostname == owner
            else { return nil }
            return try Self.delete(
                domain: domain, hostname: owner, username: username, clientAddress: nil, source: .reconciler, at: now, in: db)
        }
        if case .deleted = outcome { changes.announce() }
        return outcome
    }

    public func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource,
        unchangedSince since: Double, at now: Double
    ) async throws -> DeleteOutcome? {
        let outcome = try await write { db -> DeleteOutcome? in
            let updated = try Double.fetchOne(db, sql: "SELECT updated_at FROM zones WHERE domain = ?", arguments: [domain])
            if let updated, updated >= since { return nil }
            return try Self.delete(
                domain: domain, hostname: hostname, username: username, clientAddress: clientAddress, source: source, at: now, in: db)
        }
        if case .deleted = outcome { changes.announce() }
        return outcome
    }

    /// The delete inside an open transaction.
    static func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource, at now: Double,
        in db: Database
    ) throws -> DeleteOutcome {
        guard let zone = try ZoneRecord.fetchOne(db, key: domain), zone.present else { return DeleteOutcome.notPresent }
        if let owner = zone.hostname, let hostname, owner != hostname, source == .directAdmin {
            return .refused(owner: owner)
        }
        let generation = zone.generation + 1
        try ZoneRecord.upsert(
            domain: domain, generation: generation, content: nil, hostname: zone.hostname, username: zone.username,
            clientAddress: clientAddress, at: now, changedAt: changeTime(after: zone.changedAt, now: now), in: db)
        try AppliedRecord.resetAttempts(of: domain, in: db)
        try JournalRecord(
            at: now, domain: domain, action: "delete", generation: generation, source: source.rawValue, hostname: hostname,
            username: username, clientAddress: clientAddress
        ).append(in: db)
        return .deleted(generation: generation)
    }

    /// The change time of a change accepted here at `now`: never before the version it replaces,
    /// so a node whose clock is behind a peer's still orders its own new change after what it held.
    static func changeTime(after previous: Double?, now: Double) -> Double {
        guard let previous, previous >= now else { return now }
        return previous.nextUp
    }

    /// Stores a zone fetched from DirectAdmin, only if the zone has not changed since `since`
    /// (a push or delete that arrived meanwhile is newer than what was fetched); nil then.
    public func pushFetched(_ push: ZonePush, unchangedSince since: Double, at now: Double) async throws -> PushOutcome? {
        let outcome = try await write { db -> PushOutcome? in
            let updated = try Double.fetchOne(db, sql: "SELECT updated_at FROM zones WHERE domain = ?", arguments: [push.domain])
            if let updated, updated >= since { return nil }
            return try Self.push(push, at: now, in: db)
        }
        if outcome?.changed == true { changes.announce() }
        return outcome
    }

    /// A new owner without a new generation: the content is unchanged, so no backend has work.
    /// Journal action `owner`, with the change in `detail`.
    public func changeOwner(
        domain: String, from expected: String?, to hostname: String, source: ChangeSource, at now: Double
    ) async throws -> Bool {
        try await write { db in
            guard let zone = try ZoneRecord.fetchOne(db, key: domain), zone.present, zone.hostname == expected else { return false }
            try ZoneRecord.filter(key: domain).updateAll(db, ZoneRecord.Columns.hostname.set(to: hostname))
            try JournalRecord(
                at: now, domain: domain, action: "owner", generation: zone.generation, source: source.rawValue,
                hostname: hostname, username: zone.username, detail: "owner \(expected ?? "none") -> \(hostname)"
            ).append(in: db)
            return true
        }
    }

    public func zone(_ domain: String) async throws -> DesiredZone? {
        try await database.read { db in try ZoneRecord.fetchOne(db, key: domain)?.desired }
    }

    public func firstPresent(of candidates: [String]) async throws -> DesiredZone? {
        guard !candidates.isEmpty else { return nil }
        return try await database.read { db in
            let records = try ZoneRecord.filter(ZoneRecord.Columns.present == true && candidates.contains(ZoneRecord.Columns.domain))
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

    public func presentZoneCount() async throws -> Int {
        try await database.read { db in try ZoneRecord.filter(ZoneRecord.Columns.present == true).fetchCount(db) }
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
