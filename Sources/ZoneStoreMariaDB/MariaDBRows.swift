import MariaDB
import ZoneStore

/// The writes of single rows every operation shares, inside an open transaction.
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
        guard let row = try connection.row(
            """
            SELECT generation, present, content_hash, da_hostname, da_username, serial, changed_at, updated_at
            FROM zones WHERE domain = ? FOR UPDATE
            """, [domain])
        else { return nil }
        return LockedZone(
            generation: try row.required(0, row.int64), present: row.bool(1), contentHash: row.string(2), hostname: row.string(3),
            username: row.string(4), serial: row.int64(5), changedAt: try row.required(6, row.double),
            updatedAt: try row.required(7, row.double))
    }

    /// The one write of a zone's desired state, as `ZoneRecord.upsert` in SQLite: present with
    /// `content`'s text, or a tombstone (keeping the owner and serial the zone had) when nil; a
    /// present zone's owner is only replaced by a known one.
    static func upsertZone(
        domain: String, generation: Int64, content: ZonePush?, hostname: String?, username: String?, clientAddress: String?,
        at now: Double, changedAt: Double, on connection: MariaDBConnection
    ) throws {
        // ON DUPLICATE KEY UPDATE assigns left to right: the CASEs read `present` through
        // VALUES(), never the column already assigned.
        try connection.run(
            """
            INSERT INTO zones (domain, generation, present, zone_text, record_count, content_hash, serial,
                               da_hostname, da_username, client_address, created_at, updated_at, changed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE
                serial = CASE WHEN VALUES(present) = 1 THEN VALUES(serial) ELSE serial END,
                da_hostname = CASE WHEN VALUES(present) = 1 THEN COALESCE(VALUES(da_hostname), da_hostname) ELSE da_hostname END,
                da_username = CASE WHEN VALUES(present) = 1 THEN COALESCE(VALUES(da_username), da_username) ELSE da_username END,
                generation = VALUES(generation), present = VALUES(present), zone_text = VALUES(zone_text),
                record_count = VALUES(record_count), content_hash = VALUES(content_hash),
                client_address = VALUES(client_address), updated_at = VALUES(updated_at), changed_at = VALUES(changed_at)
            """,
            [
                domain, generation, content != nil, content?.canonicalText, content?.recordCount ?? 0, content?.contentHash,
                content?.serial.map { Int64($0) }, hostname, username, clientAddress, now, now, changedAt,
            ])
    }

    /// A newer generation supersedes the retry schedule of the older one, on every backend of
    /// every node.
    static func resetAttempts(of domain: String, on connection: MariaDBConnection) throws {
        try connection.run("UPDATE applied SET status = 'pending', attempts = 0, next_attempt_at = NULL WHERE domain = ?", [domain])
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
            try connection.run(
                """
                INSERT INTO journal (at, domain, action, generation, source, node, da_hostname, da_username,
                                     client_address, content_hash, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [at, domain, action, generation, source, node, hostname, username, clientAddress, contentHash, detail])
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
