import DNSZone

/// PowerDNS's database (`gsqlite3_database`, or the `gmysql_*` keys), written only for what its API
/// refuses a pre-signed zone: the PRESIGNED and NSEC3PARAM metadata and each name's `ordername`
/// (see `PowerDNSOrderNames`). Everything else still goes through the API. Each call is one
/// transaction, with the same statements on gsqlite3 and gmysql (their schemas are the same).
struct PowerDNSSignedZoneDatabase {
    let database: any PowerDNSDatabase

    /// The database `settings` name (gmysql wins; preflight refuses both); nil: API only.
    init?(_ settings: PowerDNSSettings) {
        if let gmysql = settings.gmysql {
            database = PowerDNSMySQLDatabase(configuration: gmysql)
        } else if let path = settings.gsqlite3Database {
            database = PowerDNSSQLiteDatabase(path: path)
        } else {
            return nil
        }
    }

    /// What PowerDNS keeps for `zone` (absolute) once its rows are written by the API: PRESIGNED,
    /// the NSEC3 parameters (none for NSEC), the ordernames and empty non-terminals.
    func presign(_ zone: String) async throws {
        try await access(zone, writing: true) { sql, domainID, apex in
            try Self.setMetadata(sql, domainID, "PRESIGNED", "1")
            let rows = try sql.rows("SELECT name, type, content FROM records WHERE domain_id = ? AND disabled = 0", [domainID])
                .map { PowerDNSOrderNames.Row(name: $0[0] ?? "", type: $0[1], content: $0[2] ?? "") }
            let order = try PowerDNSOrderNames(apex: apex, rows: rows)
            try Self.setMetadata(sql, domainID, "NSEC3PARAM", order?.parameters?.presentation)
            try Self.setMetadata(sql, domainID, "NSEC3NARROW", nil)
            guard let order else { return }
            try sql.execute("UPDATE records SET ordername = NULL WHERE domain_id = ?", [domainID])
            for update in order.updates {
                let arguments: [PowerDNSSQLValue] = [.optional(update.ordername), .bool(update.auth), domainID, .text(update.name)]
                if let type = update.type {
                    try sql.execute(
                        "UPDATE records SET ordername = ?, auth = ? WHERE domain_id = ? AND name = ? AND type = ? AND disabled = 0",
                        arguments + [.text(type)])
                } else {
                    try sql.execute("UPDATE records SET ordername = ?, auth = ? WHERE domain_id = ? AND name = ? AND disabled = 0", arguments)
                }
            }
            try sql.execute("DELETE FROM records WHERE domain_id = ? AND type IS NULL", [domainID])
            for terminal in order.terminals {
                try sql.execute(
                    "INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth) VALUES (?, ?, NULL, NULL, NULL, NULL, 0, ?, ?)",
                    [domainID, .text(terminal.name), .optional(terminal.ordername), .bool(terminal.auth)])
            }
        }
    }

    /// Whether the database holds what `presign` writes for `zone`: PRESIGNED, and every row's
    /// ordername and auth and the empty non-terminals as worked out now (false after a change
    /// through the API behind dadns's back, whose new rows have no ordername). Read only.
    func isPresigned(_ zone: String) async throws -> Bool {
        try await access(zone, writing: false) { sql, domainID, apex in
            let presigned = try sql.rows("SELECT content FROM domainmetadata WHERE domain_id = ? AND kind = 'PRESIGNED'", [domainID])
            guard presigned == [["1"]] else { return false }
            let held = try sql.rows("SELECT name, type, content, ordername, auth FROM records WHERE domain_id = ? AND disabled = 0", [domainID])
            let rows = held.map { PowerDNSOrderNames.Row(name: $0[0] ?? "", type: $0[1], content: $0[2] ?? "") }
            guard let order = try PowerDNSOrderNames(apex: apex, rows: rows) else { return true }
            let found = held.map { PowerDNSOrderNames.Held(name: $0[0] ?? "", type: $0[1], ordername: $0[3], auth: ($0[4] ?? "0") != "0") }
            return order.matches(found)
        }
    }

    /// `zone` no longer signed: PRESIGNED and the NSEC3 settings removed, the ordernames cleared.
    func unsign(_ zone: String) async throws {
        try await access(zone, writing: true) { sql, domainID, _ in
            for kind in ["PRESIGNED", "NSEC3PARAM", "NSEC3NARROW"] { try Self.setMetadata(sql, domainID, kind, nil) }
            try sql.execute("UPDATE records SET ordername = NULL WHERE domain_id = ?", [domainID])
        }
    }

    /// Runs `body` in one transaction with the zone's `domains.id` and its name as PowerDNS keeps it
    /// (lower case, no trailing dot). Any failure is a `PowerDNSError.database` naming the database.
    private func access<T: Sendable>(
        _ zone: String, writing: Bool, _ body: @escaping @Sendable (any PowerDNSSQLTransaction, PowerDNSSQLValue, String) throws -> T
    ) async throws -> T {
        let apex = String(PowerDNSZoneID.absolute(zone).dropLast())
        let location = database.location
        do {
            return try await database.transaction(writing: writing) { sql in
                let found = try sql.rows("SELECT id FROM domains WHERE name = ?", [.text(apex)]).first?.first ?? nil
                guard let found, let id = Int64(found) else {
                    throw PowerDNSError.database(location: location, reason: "has no zone \(apex) (is it the database pdns_server serves from?)")
                }
                return try body(sql, .integer(id), apex)
            }
        } catch let error as PowerDNSError {
            throw error
        } catch {
            throw PowerDNSError.database(location: location, reason: "\(error)")
        }
    }

    /// Sets the zone's metadata `kind` to one `value` (nil: removes it).
    private static func setMetadata(_ sql: any PowerDNSSQLTransaction, _ domainID: PowerDNSSQLValue, _ kind: String, _ value: String?) throws {
        try sql.execute("DELETE FROM domainmetadata WHERE domain_id = ? AND kind = ?", [domainID, .text(kind)])
        if let value {
            try sql.execute("INSERT INTO domainmetadata (domain_id, kind, content) VALUES (?, ?, ?)", [domainID, .text(kind), .text(value)])
        }
    }
}
