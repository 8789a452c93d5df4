import MariaDB

/// The `zones` table: the shared desired state. Every write that changes a zone also resets the
/// zone's retry schedules and appends to the journal, in the same transaction, under the
/// zone's row lock.
extension MariaDBZoneStore: RuleCarryingStore {
    /// Committed together with the pushes that arrive meanwhile (`MariaDBGroupCommit`).
    public func push(_ push: ZonePush, at now: Double) async throws -> PushOutcome {
        try await pushes.submit(push, at: now, to: self)
    }

    /// The push inside an open transaction.
    static func push(_ push: ZonePush, at now: Double, node: String, on connection: MariaDBConnection) throws -> PushOutcome {
        try Self.push(group: [(push, now)], node: node, on: connection)[0]
    }

    /// Pushes of distinct zones inside one open transaction (`MariaDBGroupCommit`'s group): each
    /// decided by `DesiredStateRules.push` on its zone's row as read under the lock, as if alone;
    /// the rows of the whole group locked, written and journaled with one statement each.
    static func push(group items: [(push: ZonePush, at: Double)], node: String, on connection: MariaDBConnection) throws -> [PushOutcome] {
        let locked = try MariaDBRows.lockZones(items.map(\.push.domain), on: connection)
        let decided = items.map { DesiredStateRules.push($0.push, over: locked[$0.push.domain], at: $0.at) }
        try MariaDBRows.apply(decided.map(\.0), node: node, on: connection)
        return decided.map(\.1)
    }

    public func changeZone<Outcome: Sendable>(
        _ domain: String, _ rule: @escaping @Sendable (StoredZoneState?) -> (ZoneChange, Outcome)?
    ) async throws -> Outcome? {
        let node = nodeName
        return try await write { connection in try MariaDBRows.change(domain, node: node, on: connection, rule) }
    }

    public var changeAnnouncer: ChangeAnnouncer { changes }

    static let desiredColumns =
        "domain, generation, present, zone_text, record_count, content_hash, serial, da_hostname, da_username, updated_at, changed_at"

    static func desired(_ row: SQLRow) throws -> DesiredZone {
        DesiredZone(
            domain: try row.required(0, row.string), generation: try row.required(1, row.int64), present: row.bool(2),
            canonicalText: row.string(3), recordCount: row.int(4) ?? 0, contentHash: row.string(5),
            serial: row.int64(6).map { UInt32(truncatingIfNeeded: $0) }, hostname: row.string(7), username: row.string(8),
            updatedAt: try row.required(9, row.double), changedAt: try row.required(10, row.double))
    }

    public func zone(_ domain: String) async throws -> DesiredZone? {
        try await read { connection in
            try connection.row("SELECT \(Self.desiredColumns) FROM zones WHERE domain = ?", [domain]).map(Self.desired)
        }
    }

    public func firstPresent(of candidates: [String]) async throws -> DesiredZone? {
        guard !candidates.isEmpty else { return nil }
        return try await read { connection in
            let zones = try connection.rows(
                "SELECT \(Self.desiredColumns) FROM zones WHERE present = 1 AND domain IN (\(Self.placeholders(candidates.count)))",
                candidates
            ).map(Self.desired)
            let byDomain = Dictionary(uniqueKeysWithValues: zones.map { ($0.domain, $0) })
            return candidates.lazy.compactMap { byDomain[$0] }.first
        }
    }

    public func zonePage(present: Bool?, after afterDomain: String, limit: Int) async throws -> [ZoneSummary] {
        try await read { connection in
            try connection.rows(
                """
                SELECT domain, generation, present, record_count, serial, da_hostname, da_username, updated_at
                FROM zones WHERE (? IS NULL OR present = ?) AND domain > ? ORDER BY domain LIMIT ?
                """,
                [present, present, afterDomain, limit]
            ).map { row in
                ZoneSummary(
                    domain: try row.required(0, row.string), generation: try row.required(1, row.int64), present: row.bool(2),
                    recordCount: row.int(3) ?? 0, serial: row.int64(4).map { UInt32(truncatingIfNeeded: $0) },
                    hostname: row.string(5), username: row.string(6), updatedAt: try row.required(7, row.double))
            }
        }
    }

    public func presentZoneCount() async throws -> Int {
        try await read { connection in try connection.row("SELECT COUNT(*) FROM zones WHERE present = 1")?.int(0) ?? 0 }
    }

    public func ownedZoneCounts() async throws -> [String: Int] {
        try await read { connection in
            var counts: [String: Int] = [:]
            for row in try connection.rows(
                "SELECT da_hostname, COUNT(*) FROM zones WHERE present = 1 AND da_hostname IS NOT NULL GROUP BY da_hostname")
            {
                counts[try row.required(0, row.string)] = row.int(1) ?? 0
            }
            return counts
        }
    }

    public func presentZoneTexts(afterDomain: String, limit: Int) async throws -> [(domain: String, text: String, hash: String)] {
        let rows = try await read { connection in
            try connection.rows(
                "SELECT domain, zone_text, content_hash FROM zones WHERE present = 1 AND domain > ? ORDER BY domain LIMIT ?",
                [afterDomain, limit])
        }
        return try rows.map { (domain: try $0.required(0, $0.string), text: $0.string(1) ?? "", hash: $0.string(2) ?? "") }
    }

    public func deleted(among domains: [String]) async throws -> Set<String> {
        guard !domains.isEmpty else { return [] }
        return try await read { connection in
            var found = Set<String>()
            for chunk in Self.chunks(of: domains) {
                let rows = try connection.rows(
                    "SELECT domain FROM zones WHERE present = 0 AND domain IN (\(Self.placeholders(chunk.count)))", chunk)
                found.formUnion(rows.compactMap { $0.string(0) })
            }
            return found
        }
    }
}
