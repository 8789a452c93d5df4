import MariaDB

/// The SQL of one zone, run on one connection (blocking; called on the pool's threads).
struct CoreDNSMySQLZoneSync: Sendable {
    let schema: CoreDNSMySQLSchema
    /// Multi-row INSERTs and id lists are cut at about this many bytes of SQL.
    static let statementBytes = 256 * 1024

    /// A zone row owned by another program: left alone.
    struct ForeignZone: Error, CustomStringConvertible {
        var zone: String
        var owner: String?
        var description: String {
            "zone \(zone) exists with managed_by \(owner.map { "'\($0)'" } ?? "NULL"), not '\(CoreDNSMySQLSchema.owner)': left unchanged"
        }
    }

    /// What one apply changed.
    struct Applied: Sendable, Equatable {
        var zoneID: Int64
        var inserted: Int
        var deleted: Int
        var updated: Int
    }

    /// The zone's `id` and `managed_by`, locking the row until the transaction ends.
    private func lockZone(_ connection: MariaDBConnection, _ zoneName: String) throws -> (id: Int64, owner: String?)? {
        let rows = try connection.query(
            "SELECT `id`, `managed_by` FROM \(schema.zones) WHERE `zone_name` = \(try connection.literal(zoneName)) FOR UPDATE")
        guard let row = rows.first, let id = row[0].flatMap({ Int64($0) }) else { return nil }
        return (id, row[1])
    }

    /// The columns `records(_:)` and `storedRecords(_:)` read.
    var recordColumns: String { "`id`, `hostname`, `type`, `data`, `ttl`, `online`" }

    /// The rows of a zone.
    func records(_ connection: MariaDBConnection, zoneID: Int64) throws -> [StoredRecord] {
        Self.storedRecords(try connection.query("SELECT \(recordColumns) FROM \(schema.records) WHERE `zone_id` = \(zoneID)"))
    }

    static func storedRecords(_ rows: [[String?]]) -> [StoredRecord] {
        rows.compactMap { row in
            guard row.count == 6, let id = row[0].flatMap({ Int64($0) }) else { return nil }
            return StoredRecord(
                id: id, key: RecordKey(hostname: row[1] ?? "", type: row[2] ?? "", data: row[3] ?? ""),
                ttl: row[4].flatMap { Int64($0) } ?? -1, online: row[5].flatMap { Int64($0) } ?? 0)
        }
    }

    /// Brings a zone to `desired` in one transaction (readers see the old rows or the new ones),
    /// and reads the rows back after the commit for verification. Two round trips when the
    /// connection sends statements in batches: lock and read; change, commit and read back.
    func apply(_ connection: MariaDBConnection, zoneName: String, desired: [RecordKey: UInt32]) throws -> (Applied, [StoredRecord]) {
        let name = try connection.literal(zoneName)
        let head = try connection.batch([
            "START TRANSACTION",
            "SELECT `id`, `managed_by` FROM \(schema.zones) WHERE `zone_name` = \(name) FOR UPDATE",
            "SELECT \(recordColumns) FROM \(schema.records) WHERE `zone_id` = (SELECT `id` FROM \(schema.zones) WHERE `zone_name` = \(name))",
        ])
        do {
            var statements: [String] = []
            let zone: String
            if let row = head[1].first, let id = row[0].flatMap({ Int64($0) }) {
                guard row[1] == CoreDNSMySQLSchema.owner else { throw ForeignZone(zone: zoneName, owner: row[1]) }
                zone = String(id)
            } else {
                statements.append("INSERT INTO \(schema.zones) (`zone_name`, `managed_by`) VALUES (\(name), '\(CoreDNSMySQLSchema.owner)')")
                statements.append("SET @dadns_zone = LAST_INSERT_ID()")
                zone = "@dadns_zone"
            }
            let diff = RecordDiff(current: Self.storedRecords(head[2]), desired: desired)
            statements += try self.statements(for: diff, zone: zone, connection)
            statements.append("COMMIT")
            statements.append("SELECT \(zone)")
            statements.append("SELECT \(recordColumns) FROM \(schema.records) WHERE `zone_id` = \(zone)")
            let results = try connection.batch(statements)
            let zoneID = results[results.count - 2].first?.first.flatMap { $0 }.flatMap { Int64($0) } ?? 0
            let applied = Applied(zoneID: zoneID, inserted: diff.inserts.count, deleted: diff.deletes.count, updated: diff.updateCount)
            return (applied, Self.storedRecords(results[results.count - 1]))
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// The statements of a diff; `zone` is the zone's id or a variable holding it.
    func statements(for diff: RecordDiff, zone: String, _ connection: MariaDBConnection) throws -> [String] {
        var statements = Self.idLists(diff.deletes).map { "DELETE FROM \(schema.records) WHERE `id` IN (\($0))" }
        for (ttl, ids) in diff.updates.sorted(by: { $0.key < $1.key }) {
            statements += Self.idLists(ids).map { "UPDATE \(schema.records) SET `ttl` = \(ttl), `online` = 1 WHERE `id` IN (\($0))" }
        }
        guard !diff.inserts.isEmpty else { return statements }
        let head = "INSERT INTO \(schema.records) (`zone_id`, `hostname`, `type`, `data`, `ttl`, `online`) VALUES "
        var sql = head
        for (key, ttl) in diff.inserts {
            if sql.utf8.count > Self.statementBytes {
                statements.append(sql)
                sql = head
            }
            if sql.utf8.count != head.utf8.count { sql += "," }
            sql += "(\(zone),\(try connection.literal(key.hostname)),\(try connection.literal(key.type)),"
            sql += "\(try connection.literal(key.data)),\(ttl),1)"
        }
        statements.append(sql)
        return statements
    }

    func deleteRows(_ ids: [Int64], _ connection: MariaDBConnection) throws {
        for chunk in Self.idLists(ids) { try connection.execute("DELETE FROM \(schema.records) WHERE `id` IN (\(chunk))") }
    }

    /// Removes a zone's records and its row in one transaction. A zone that is not there, or is
    /// another program's, is left as it is (true when it was ours and is now gone).
    func delete(_ connection: MariaDBConnection, zoneName: String) throws -> Bool {
        try connection.transaction {
            guard let zone = try lockZone(connection, zoneName) else { return false }
            guard zone.owner == CoreDNSMySQLSchema.owner else { throw ForeignZone(zone: zoneName, owner: zone.owner) }
            try connection.execute("DELETE FROM \(schema.records) WHERE `zone_id` = \(zone.id)")
            try connection.execute("DELETE FROM \(schema.zones) WHERE `id` = \(zone.id)")
            return true
        }
    }

    /// The zone's id when it is ours (nil when absent; throws for another program's zone).
    func zoneID(_ connection: MariaDBConnection, zoneName: String) throws -> Int64? {
        let rows = try connection.query(
            "SELECT `id`, `managed_by` FROM \(schema.zones) WHERE `zone_name` = \(try connection.literal(zoneName))")
        guard let row = rows.first, let id = row[0].flatMap({ Int64($0) }) else { return nil }
        guard row[1] == CoreDNSMySQLSchema.owner else { throw ForeignZone(zone: zoneName, owner: row[1]) }
        return id
    }

    /// The names of the zones this program manages (trailing dot removed, lower case).
    func inventory(_ connection: MariaDBConnection) throws -> Set<String> {
        let rows = try connection.query("SELECT `zone_name` FROM \(schema.zones) WHERE `managed_by` = '\(CoreDNSMySQLSchema.owner)'")
        return Set(rows.compactMap { row in
            guard var name = row.first.flatMap({ $0 })?.lowercased() else { return nil }
            if name.hasSuffix(".") { name.removeLast() }
            return name
        })
    }

    /// Comma-separated id lists of at most 1,000 ids.
    static func idLists(_ ids: [Int64]) -> [String] {
        stride(from: 0, to: ids.count, by: 1000).map { start in
            ids[start..<min(start + 1000, ids.count)].map(String.init).joined(separator: ",")
        }
    }
}
