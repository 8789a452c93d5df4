import MariaDB

/// How MariaDB carries out the desired-state rules: read a zone's `StoredZoneState` under its
/// row lock, let `DesiredStateRules` decide, write the `ZoneChange`, inside an open transaction.
enum MariaDBRows {
    /// Reads `domain`'s row under its lock, decides with `rule`, writes what it decided as `node`.
    static func change<Outcome>(
        _ domain: String, node: String, on connection: MariaDBConnection, _ rule: (StoredZoneState?) -> (ZoneChange, Outcome)
    ) throws -> Outcome {
        let (change, outcome) = rule(try lockZone(domain, on: connection))
        try apply(change, node: node, on: connection)
        return outcome
    }

    /// Like `change`, for a rule that may decline (nil: nothing written).
    static func change<Outcome>(
        _ domain: String, node: String, on connection: MariaDBConnection, _ rule: (StoredZoneState?) -> (ZoneChange, Outcome)?
    ) throws -> Outcome? {
        guard let (change, outcome) = rule(try lockZone(domain, on: connection)) else { return nil }
        try apply(change, node: node, on: connection)
        return outcome
    }

    /// Reads a zone and locks its row (or, for a zone not yet stored, the gap where it goes)
    /// until the transaction ends: the check made on it holds for the write that follows, on
    /// every node.
    static func lockZone(_ domain: String, on connection: MariaDBConnection) throws -> StoredZoneState? {
        try lockZones([domain], on: connection)[domain]
    }

    /// `lockZone` for several zones in one statement (a push group's): the rows found, by domain.
    static func lockZones(_ domains: [String], on connection: MariaDBConnection) throws -> [String: StoredZoneState] {
        guard !domains.isEmpty else { return [:] }
        let rows = try connection.rows(
            "SELECT domain, \(StoredZoneState.columns) FROM zones WHERE domain IN (\(MariaDBZoneStore.placeholders(domains.count))) FOR UPDATE",
            domains)
        var zones: [String: StoredZoneState] = [:]
        for row in rows {
            zones[try row.required(0, row.string)] = StoredZoneState(
                generation: try row.required(1, row.int64), present: row.bool(2), contentHash: row.string(3), hostname: row.string(4),
                username: row.string(5), serial: row.int64(6), changedAt: try row.required(7, row.double),
                updatedAt: try row.required(8, row.double))
        }
        return zones
    }

    static func apply(_ change: ZoneChange, node: String, on connection: MariaDBConnection) throws {
        try apply([change], node: node, on: connection)
    }

    /// Carries out the changes of distinct zones (one, or a push group's) with one statement per
    /// kind: the zone upserts, their retry resets, then each metadata or owner update, then the
    /// journal lines in order.
    static func apply(_ changes: [ZoneChange], node: String, on connection: MariaDBConnection) throws {
        var upserts: [ZoneUpsert] = []
        for change in changes {
            if case .upsert(let upsert)? = change.write { upserts.append(upsert) }
        }
        try upsertZones(upserts, on: connection)
        try resetAttempts(of: upserts.map(\.domain), on: connection)
        try MariaDBZoneStore.keep(upserts.compactMap(\.historyVersion), on: connection)
        for change in changes {
            switch change.write {
            case .metadata(let domain, let changedAt, let hostname, let username)?:
                try connection.run(
                    "UPDATE zones SET changed_at = ?, da_hostname = COALESCE(?, da_hostname), da_username = COALESCE(?, da_username) WHERE domain = ?",
                    [changedAt, hostname, username, domain])
            case .owner(let domain, let hostname)?:
                try connection.run("UPDATE zones SET da_hostname = ? WHERE domain = ?", [hostname, domain])
            case .upsert?, nil:
                break
            }
        }
        try append(changes.compactMap(\.journal), node: node, on: connection)
    }

    /// A newer generation supersedes the retry schedule of the older one, on every backend of
    /// every node.
    static func resetAttempts(of domain: String, on connection: MariaDBConnection) throws {
        try resetAttempts(of: [domain], on: connection)
    }

    /// `resetAttempts` for several zones in one statement.
    static func resetAttempts(of domains: [String], on connection: MariaDBConnection) throws {
        guard !domains.isEmpty else { return }
        try connection.run(
            "UPDATE applied SET status = 'pending', attempts = 0, next_attempt_at = NULL WHERE domain IN (\(MariaDBZoneStore.placeholders(domains.count)))",
            domains)
    }

    /// The one journal append, written by `node`.
    static func append(_ line: JournalLine, node: String, on connection: MariaDBConnection) throws {
        try append([line], node: node, on: connection)
    }

    /// Several journal entries in one statement, in their order.
    static func append(_ lines: [JournalLine], node: String, on connection: MariaDBConnection) throws {
        guard !lines.isEmpty else { return }
        let row = "(" + MariaDBZoneStore.placeholders(11) + ")"
        try connection.run(
            """
            INSERT INTO journal (at, domain, action, generation, source, node, da_hostname, da_username,
                                 client_address, content_hash, detail)
            VALUES \(Array(repeating: row, count: lines.count).joined(separator: ", "))
            """,
            lines.flatMap { line -> [any SQLBindable] in
                [
                    line.at, line.domain, line.action, line.generation, line.source, node, line.hostname, line.username,
                    line.clientAddress, line.contentHash, line.detail,
                ]
            })
    }

    /// The write of zones' desired state (see `ZoneUpsert`; distinct domains, as in a push
    /// group), as `StoredZone.upsert` in SQLite, in one statement.
    static func upsertZones(_ upserts: [ZoneUpsert], on connection: MariaDBConnection) throws {
        guard !upserts.isEmpty else { return }
        let row = "(" + MariaDBZoneStore.placeholders(13) + ")"
        // ON DUPLICATE KEY UPDATE assigns left to right: the CASEs read `present` through
        // VALUES(), never the column already assigned. VALUES() is each row's own.
        try connection.run(
            """
            INSERT INTO zones (domain, generation, present, zone_text, record_count, content_hash, serial,
                               da_hostname, da_username, client_address, created_at, updated_at, changed_at)
            VALUES \(Array(repeating: row, count: upserts.count).joined(separator: ", "))
            ON DUPLICATE KEY UPDATE
                serial = CASE WHEN VALUES(present) = 1 THEN VALUES(serial) ELSE serial END,
                da_hostname = CASE WHEN VALUES(present) = 1 THEN COALESCE(VALUES(da_hostname), da_hostname) ELSE da_hostname END,
                da_username = CASE WHEN VALUES(present) = 1 THEN COALESCE(VALUES(da_username), da_username) ELSE da_username END,
                generation = VALUES(generation), present = VALUES(present), zone_text = VALUES(zone_text),
                record_count = VALUES(record_count), content_hash = VALUES(content_hash),
                client_address = VALUES(client_address), updated_at = VALUES(updated_at), changed_at = VALUES(changed_at)
            """,
            upserts.flatMap { upsert -> [any SQLBindable] in
                [
                    upsert.domain, upsert.generation, upsert.content != nil, upsert.content?.canonicalText,
                    upsert.content?.recordCount ?? 0, upsert.content?.contentHash, upsert.content?.serial.map { Int64($0) },
                    upsert.hostname, upsert.username, upsert.clientAddress, upsert.at, upsert.at, upsert.changedAt,
                ]
            })
    }
}
