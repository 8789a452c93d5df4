import GRDB

/// One zone's row as stored: desired state, owner and times.
public struct StoredZone: Sendable, Equatable {
    public var domain: String
    public var generation: Int64
    public var present: Bool
    public var zoneText: String?
    public var recordCount: Int
    public var contentHash: String?
    public var serial: Int64?
    public var hostname: String?
    public var username: String?
    public var clientAddress: String?
    public var createdAt: Double
    public var updatedAt: Double
    public var changedAt: Double

    public var version: StoredZoneVersion {
        StoredZoneVersion(domain: domain, generation: generation, present: present, contentHash: contentHash)
    }
}

/// A row of `zones`, the desired state of one zone ever seen (present, or a tombstone), as the
/// SQLite store reads and writes it; `StoredZone` is that row.
extension StoredZone: Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "zones"

    /// The columns, named as the record codes them (`Columns.domain == …` in requests).
    public enum CodingKeys: String, CodingKey, ColumnExpression {
        case domain, generation, present, serial
        case zoneText = "zone_text", recordCount = "record_count", contentHash = "content_hash"
        case hostname = "da_hostname", username = "da_username", clientAddress = "client_address"
        case createdAt = "created_at", updatedAt = "updated_at", changedAt = "changed_at"
    }
    public typealias Columns = CodingKeys

    /// The zone as the store's callers see it.
    var desired: DesiredZone {
        DesiredZone(
            domain: domain, generation: generation, present: present, canonicalText: zoneText, recordCount: recordCount,
            contentHash: contentHash, serial: serial.map { UInt32(truncatingIfNeeded: $0) }, hostname: hostname,
            username: username, updatedAt: updatedAt, changedAt: changedAt)
    }
}

extension StoredZone {
    /// The one write of a zone's desired state (see `ZoneUpsert`). Cached statements: this is
    /// the push hot path. Every upsert is a new generation, so it takes the next change number
    /// itself (schema v8: the trigger then leaves the row alone).
    static func upsert(_ upsert: ZoneUpsert, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE zone_change_counter SET seq = seq + 1 WHERE id = 1").execute()
        try db.cachedStatement(
            sql: """
                INSERT INTO zones (domain, generation, present, zone_text, record_count, content_hash, serial,
                                   da_hostname, da_username, client_address, created_at, updated_at, changed_at, change_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT seq FROM zone_change_counter WHERE id = 1))
                ON CONFLICT(domain) DO UPDATE SET
                    change_seq = excluded.change_seq,
                    generation = excluded.generation, present = excluded.present, zone_text = excluded.zone_text,
                    record_count = excluded.record_count, content_hash = excluded.content_hash,
                    serial = CASE WHEN excluded.present = 1 THEN excluded.serial ELSE zones.serial END,
                    da_hostname = CASE WHEN excluded.present = 1 THEN COALESCE(excluded.da_hostname, zones.da_hostname)
                                       ELSE zones.da_hostname END,
                    da_username = CASE WHEN excluded.present = 1 THEN COALESCE(excluded.da_username, zones.da_username)
                                       ELSE zones.da_username END,
                    client_address = excluded.client_address, updated_at = excluded.updated_at,
                    changed_at = excluded.changed_at
                """
        ).execute(arguments: [
            upsert.domain, upsert.generation, upsert.content != nil, upsert.content?.canonicalText, upsert.content?.recordCount ?? 0,
            upsert.content?.contentHash, upsert.content?.serial.map { Int64($0) }, upsert.hostname, upsert.username,
            upsert.clientAddress, upsert.at, upsert.at, upsert.changedAt,
        ])
    }
}
