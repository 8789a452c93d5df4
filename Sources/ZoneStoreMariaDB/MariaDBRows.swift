import MariaDB
import ZoneStore

/// The writes of rows every operation shares (one row, or a push group's rows in one statement),
/// inside an open transaction.
enum MariaDBRows {
    /// A zone's row as read under its lock (`FOR UPDATE`) before a change.
    struct LockedZone {
        var generation: Int64
        var present: Bool
        var contentHash: String?
        var hostname: String?
        var username: String?
        var serial: Int64?
        var changedAt: Double
        var updatedAt: Double
    }

    /// Reads a zone and locks its row (or, for a zone not yet stored, the gap where it goes)
    /// until the transaction ends: the check made on it holds for the write that follows, on
    /// every node.
    static func lockZone(_ domain: String, on connection: MariaDBConnection) throws -> LockedZone? {
        try lockZones([domain], on: connection)[domain]
    }

    /// `lockZone` for several zones in one statement (a push group's): the rows found, by domain.
    static func lockZones(_ domains: [String], on connection: MariaDBConnection) throws -> [String: LockedZone] {
        guard !domains.isEmpty else { return [:] }
        let rows = try connection.rows(
            """
            SELECT domain, generation, present, content_hash, da_hostname, da_username, serial, changed_at, updated_at
            FROM zones WHERE domain IN (\(MariaDBZoneStore.placeholders(domains.count))) FOR UPDATE
            """, domains)
        var zones: [String: LockedZone] = [:]
        for row in rows {
            zones[try row.required(0, row.string)] = LockedZone(
                generation: try row.required(1, row.int64), present: row.bool(2), contentHash: row.string(3), hostname: row.string(4),
                username: row.string(5), serial: row.int64(6), changedAt: try row.required(7, row.double),
                updatedAt: try row.required(8, row.double))
        }
        return zones
    }

    /// The one write of a zone's desired state, as `ZoneRecord.upsert` in SQLite: present with
    /// `content`'s text, or a tombstone (keeping the owner and serial the zone had) when nil; a
    /// present zone's owner is only replaced by a known one.
    static func upsertZone(
        domain: String, generation: Int64, content: ZonePush?, hostname: String?, username: String?, clientAddress: String?,
        at now: Double, changedAt: Double, on connection: MariaDBConnection
    ) throws {
        try upsertZones([
            ZoneWrite(domain: domain, generation: generation, content: content, hostname: hostname, username: username,
                      clientAddress: clientAddress, at: now, changedAt: changedAt)
        ], on: connection)
    }

    /// The arguments of one `upsertZone`.
    struct ZoneWrite {
        var domain: String
        var generation: Int64
        var content: ZonePush?
        var hostname: String?
        var username: String?
        var clientAddress: String?
        var at: Double
        var changedAt: Double

        var arguments: [any SQLBindable] {
            [
                domain, generation, content != nil, content?.canonicalText, content?.recordCount ?? 0, content?.contentHash,
                content?.serial.map { Int64($0) }, hostname, username, clientAddress, at, at, changedAt,
            ]
        }
    }

    /// `upsertZone` for several zones (distinct domains) in one statement.
    static func upsertZones(_ writes: [ZoneWrite], on connection: MariaDBConnection) throws {
        guard !writes.isEmpty else { return }
        let row = "(" + MariaDBZoneStore.placeholders(13) + ")"
        // ON DUPLICATE KEY UPDATE assigns left to right: the CASEs read `present` through
        // VALUES(), never the column already assigned. VALUES() is each row's own.
        try connection.run(
            """
            INSERT INTO zones (domain, generation, present, zone_text, record_count, content_hash, serial,
                               da_hostname, da_username, client_address, created_at, updated_at, changed_at)
            VALUES \(Array(repeating: row, count: writes.count).joined(separator: ", "))
            ON DUPLICATE KEY UPDATE
                serial = CASE WHEN VALUES(present) = 1 THEN VALUES(serial) ELSE serial END,
                da_hostname = CASE WHEN VALUES(present) = 1 THEN COALESCE(VALUES(da_hostname), da_hostname) ELSE da_hostname END,
                da_username = CASE WHEN VALUES(present) = 1 THEN COALESCE(VALUES(da_username), da_username) ELSE da_username END,
                generation = VALUES(generation), present = VALUES(present), zone_text = VALUES(zone_text),
                record_count = VALUES(record_count), content_hash = VALUES(content_hash),
                client_address = VALUES(client_address), updated_at = VALUES(updated_at), changed_at = VALUES(changed_at)
            """,
            writes.flatMap(\.arguments))
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

    /// One journal entry, written by `node`.
    struct JournalLine {
        var at: Double
        var domain: String
        var action: String
        var generation: Int64
        var source: String
        var hostname: String? = nil
        var username: String? = nil
        var clientAddress: String? = nil
        var contentHash: String? = nil
        var detail: String? = nil

        func append(node: String, on connection: MariaDBConnection) throws {
            try Self.append([self], node: node, on: connection)
        }

        /// Several entries in one statement, in their order.
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
                    [line.at, line.domain, line.action, line.generation, line.source, node, line.hostname, line.username,
                     line.clientAddress, line.contentHash, line.detail]
                })
        }
    }
}

extension MariaDBRows.JournalLine {
    /// The entry of a push (or of a peer's zone, recorded as a push from `peer`).
    init(_ push: ZonePush, action: String, generation: Int64, detail: String?, at now: Double) {
        self.init(
            at: now, domain: push.domain, action: action, generation: generation, source: push.source.rawValue,
            hostname: push.hostname, username: push.username, clientAddress: push.clientAddress,
            contentHash: push.contentHash, detail: detail)
    }
}
