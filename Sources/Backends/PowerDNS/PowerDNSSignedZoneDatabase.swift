import DNSZone
import Foundation
import GRDB

/// PowerDNS's gsqlite3 database (`gsqlite3_database`), written only for what its API refuses a
/// pre-signed zone: the PRESIGNED and NSEC3PARAM metadata and each name's `ordername` (see
/// `PowerDNSOrderNames`). Everything else still goes through the API. Each call is one
/// transaction; PowerDNS reads the database meanwhile (SQLite locks it; busy waits up to 10 s).
struct PowerDNSSignedZoneDatabase {
    let path: String

    /// What PowerDNS keeps for `zone` (absolute) once its rows are written by the API: PRESIGNED,
    /// the NSEC3 parameters (none for NSEC), the ordernames and empty non-terminals.
    func presign(_ zone: String) async throws {
        try await write(zone) { db, domainID, apex in
            try Self.setMetadata(db, domainID, "PRESIGNED", "1")
            let rows = try Row.fetchAll(db, sql: "SELECT name, type, content FROM records WHERE domain_id = ? AND disabled = 0", arguments: [domainID])
                .map { PowerDNSOrderNames.Row(name: $0["name"], type: $0["type"], content: $0["content"] ?? "") }
            let order = try PowerDNSOrderNames(apex: apex, rows: rows)
            try Self.setMetadata(db, domainID, "NSEC3PARAM", order?.parameters?.presentation)
            try Self.setMetadata(db, domainID, "NSEC3NARROW", nil)
            guard let order else { return }
            try db.execute(sql: "UPDATE records SET ordername = NULL WHERE domain_id = ?", arguments: [domainID])
            for update in order.updates {
                let arguments: StatementArguments = [update.ordername, update.auth, domainID, update.name]
                if let type = update.type {
                    try db.execute(
                        sql: "UPDATE records SET ordername = ?, auth = ? WHERE domain_id = ? AND name = ? AND type = ? AND disabled = 0",
                        arguments: arguments + [type])
                } else {
                    try db.execute(sql: "UPDATE records SET ordername = ?, auth = ? WHERE domain_id = ? AND name = ? AND disabled = 0", arguments: arguments)
                }
            }
            try db.execute(sql: "DELETE FROM records WHERE domain_id = ? AND type IS NULL", arguments: [domainID])
            for terminal in order.terminals {
                try db.execute(
                    sql: "INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth) VALUES (?, ?, NULL, NULL, NULL, NULL, 0, ?, ?)",
                    arguments: [domainID, terminal.name, terminal.ordername, terminal.auth])
            }
        }
    }

    /// Whether the database holds what `presign` writes for `zone`: PRESIGNED, and every row's
    /// ordername and auth and the empty non-terminals as worked out now (false after a change
    /// through the API behind dadns's back, whose new rows have no ordername). Read only.
    func isPresigned(_ zone: String) async throws -> Bool {
        try await read(zone) { db, domainID, apex in
            let presigned = try String.fetchAll(
                db, sql: "SELECT content FROM domainmetadata WHERE domain_id = ? AND kind = 'PRESIGNED'", arguments: [domainID])
            guard presigned == ["1"] else { return false }
            let held = try Row.fetchAll(
                db, sql: "SELECT name, type, content, ordername, auth FROM records WHERE domain_id = ? AND disabled = 0", arguments: [domainID])
            let rows = held.map { PowerDNSOrderNames.Row(name: $0["name"], type: $0["type"], content: $0["content"] ?? "") }
            guard let order = try PowerDNSOrderNames(apex: apex, rows: rows) else { return true }
            let found = held.map { PowerDNSOrderNames.Held(name: $0["name"], type: $0["type"], ordername: $0["ordername"], auth: $0["auth"] ?? false) }
            return order.matches(found)
        }
    }

    /// `zone` no longer signed: PRESIGNED and the NSEC3 settings removed, the ordernames cleared.
    func unsign(_ zone: String) async throws {
        try await write(zone) { db, domainID, _ in
            for kind in ["PRESIGNED", "NSEC3PARAM", "NSEC3NARROW"] { try Self.setMetadata(db, domainID, kind, nil) }
            try db.execute(sql: "UPDATE records SET ordername = NULL WHERE domain_id = ?", arguments: [domainID])
        }
    }

    /// Runs `body` in one write transaction with the zone's `domains.id` and its name as PowerDNS
    /// keeps it (lower case, no trailing dot).
    private func write(_ zone: String, _ body: @escaping @Sendable (Database, Int64, String) throws -> Void) async throws {
        try await access(zone, writing: true, body)
    }

    /// `write`, read only.
    private func read<T: Sendable>(_ zone: String, _ body: @escaping @Sendable (Database, Int64, String) throws -> T) async throws -> T {
        try await access(zone, writing: false, body)
    }

    private func access<T: Sendable>(
        _ zone: String, writing: Bool, _ body: @escaping @Sendable (Database, Int64, String) throws -> T
    ) async throws -> T {
        let apex = String(PowerDNSZoneID.absolute(zone).dropLast())
        let path = path
        let withZone: @Sendable (Database) throws -> T = { db in
            guard let domainID = try Int64.fetchOne(db, sql: "SELECT id FROM domains WHERE name = ?", arguments: [apex]) else {
                throw PowerDNSError.database(path: path, reason: "has no zone \(apex) (is it the database pdns_server serves from?)")
            }
            return try body(db, domainID, apex)
        }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return writing ? try await queue.write(withZone) : try await queue.read(withZone)
        } catch let error as PowerDNSError {
            throw error
        } catch {
            throw PowerDNSError.database(path: path, reason: "\(error)")
        }
    }

    /// Sets the zone's metadata `kind` to one `value` (nil: removes it).
    private static func setMetadata(_ db: Database, _ domainID: Int64, _ kind: String, _ value: String?) throws {
        try db.execute(sql: "DELETE FROM domainmetadata WHERE domain_id = ? AND kind = ?", arguments: [domainID, kind])
        if let value {
            try db.execute(sql: "INSERT INTO domainmetadata (domain_id, kind, content) VALUES (?, ?, ?)", arguments: [domainID, kind, value])
        }
    }
}
