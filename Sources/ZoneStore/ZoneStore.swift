import GRDB

/// The durable store: desired state per zone, applied state per (backend, zone), and the change
/// journal, in one SQLite database (WAL). Every change is one transaction; a caller that got a
/// result back can acknowledge it, because it is on disk.
public final class ZoneStore: Sendable {
    let database: DatabasePool
    private let pushes: GroupCommit
    let writeMonitor = StoreWriteMonitor()

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Durable commits: an acknowledged push survives power loss, not just a crash.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        database = try DatabasePool(path: path, configuration: configuration)
        try StoreMigrations.migrator.migrate(database)
        pushes = GroupCommit(database: database, monitor: writeMonitor)
    }

    /// Whether writes work, as the latest ones showed (see `checkWritable`).
    public var writeHealth: StoreWriteHealth { writeMonitor.health }

    /// A write transaction whose outcome updates `writeHealth`; every write goes through here.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writeMonitor.write(database, updates)
    }

    /// Writes one row (`store_probe`) to find out whether the store can write again, after
    /// writes failed and while no change came to try; returns the resulting health.
    @discardableResult
    public func checkWritable(at now: Double) async -> StoreWriteHealth {
        _ = try? await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO store_probe (id, at) VALUES (1, ?)", arguments: [now])
        }
        return writeHealth
    }

    /// Records a push: a new generation unless the zone already has this content and owner.
    /// Concurrent pushes are committed together (group commit): each caller still returns only
    /// after the transaction holding its push is on disk.
    public func push(_ push: ZonePush, at now: Double) async throws -> PushOutcome {
        try await pushes.submit(push, at: now)
    }

    /// The push inside an open transaction.
    static func push(_ push: ZonePush, at now: Double, in db: Database) throws -> PushOutcome {
        // Cached statements: a push is the hot path, and compiling its SQL each time cost more
        // than running it.
        let existing = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT generation, present, content_hash, da_hostname, changed_at, serial FROM zones WHERE domain = ?"),
            arguments: [push.domain])
        let oldGeneration: Int64 = existing?["generation"] ?? 0
        let wasPresent = (existing?["present"] as Int64?) == 1
        let oldHash: String? = existing?["content_hash"]
        let oldOwner: String? = existing?["da_hostname"]
        let ownerChanged = wasPresent && oldOwner != nil && push.hostname != nil && oldOwner != push.hostname
        if wasPresent && oldHash == push.contentHash && !ownerChanged {
            try Self.journal(db, push: push, action: "save", generation: oldGeneration, detail: "unchanged", at: now)
            return PushOutcome(generation: oldGeneration, changed: false, previousOwner: nil)
        }
        let generation = oldGeneration + 1
        let changedAt = Self.changeTime(after: existing?["changed_at"], now: now)
        try db.cachedStatement(
            sql: """
                INSERT INTO zones (domain, generation, present, zone_text, record_count, content_hash, serial,
                                   da_hostname, da_username, client_address, created_at, updated_at, changed_at)
                VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(domain) DO UPDATE SET
                    generation = excluded.generation, present = 1, zone_text = excluded.zone_text,
                    record_count = excluded.record_count, content_hash = excluded.content_hash,
                    serial = excluded.serial,
                    da_hostname = COALESCE(excluded.da_hostname, zones.da_hostname),
                    da_username = COALESCE(excluded.da_username, zones.da_username),
                    client_address = excluded.client_address, updated_at = excluded.updated_at,
                    changed_at = excluded.changed_at
                """
        ).execute(
            arguments: [
                push.domain, generation, push.canonicalText, push.recordCount, push.contentHash,
                push.serial.map { Int64($0) }, push.hostname, push.username, push.clientAddress, now, now, changedAt,
            ])
        // A newer change supersedes any retry schedule for the older one.
        try Self.resetAttempts(db, domain: push.domain)
        let detail = ownerChanged ? "owner \(oldOwner ?? "?") -> \(push.hostname ?? "?")" : nil
        try Self.journal(db, push: push, action: "save", generation: generation, detail: detail, at: now)
        let previousSerial = wasPresent && oldHash != push.contentHash ? (existing?["serial"] as Int64?).map { UInt32(truncatingIfNeeded: $0) } : nil
        return PushOutcome(
            generation: generation, changed: true, previousOwner: ownerChanged ? oldOwner : nil, previousSerial: previousSerial)
    }

    /// Records a delete. A delete from a DirectAdmin host that does not own the zone is refused
    /// and changes nothing (a migrated account's old server must not remove the zone).
    public func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource,
        at now: Double
    ) async throws -> DeleteOutcome {
        try await write { db in
            try Self.delete(
                domain: domain, hostname: hostname, username: username, clientAddress: clientAddress, source: source, at: now, in: db)
        }
    }

    /// The delete inside an open transaction.
    static func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource, at now: Double,
        in db: Database
    ) throws -> DeleteOutcome {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT generation, present, da_hostname, changed_at FROM zones WHERE domain = ?", arguments: [domain]),
            (row["present"] as Int64?) == 1
        else { return DeleteOutcome.notPresent }
        let owner: String? = row["da_hostname"]
        if let owner, let hostname, owner != hostname, source == .directAdmin {
            return .refused(owner: owner)
        }
        let generation = (row["generation"] as Int64? ?? 0) + 1
        try db.execute(
            sql: """
                UPDATE zones SET generation = ?, present = 0, zone_text = NULL, record_count = 0,
                    content_hash = NULL, client_address = ?, updated_at = ?, changed_at = ? WHERE domain = ?
                """,
            arguments: [generation, clientAddress, now, Self.changeTime(after: row["changed_at"], now: now), domain])
        try Self.resetAttempts(db, domain: domain)
        try db.execute(
            sql: """
                INSERT INTO journal (at, domain, action, generation, source, da_hostname, da_username, client_address)
                VALUES (?, ?, 'delete', ?, ?, ?, ?, ?)
                """,
            arguments: [now, domain, generation, source.rawValue, hostname, username, clientAddress])
        return .deleted(generation: generation)
    }

    /// The change time of a change accepted here at `now`: never before the version it replaces,
    /// so a node whose clock is behind a peer's still orders its own new change after what it held.
    static func changeTime(after previous: Double?, now: Double) -> Double {
        guard let previous, previous >= now else { return now }
        return previous.nextUp
    }

    static func resetAttempts(_ db: Database, domain: String) throws {
        try db.cachedStatement(sql: "UPDATE applied SET status = 'pending', attempts = 0, next_attempt_at = NULL WHERE domain = ?")
            .execute(arguments: [domain])
    }

    static func journal(
        _ db: Database, push: ZonePush, action: String, generation: Int64, detail: String?, at now: Double
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO journal (at, domain, action, generation, source, da_hostname, da_username,
                                     client_address, content_hash, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                now, push.domain, action, generation, push.source.rawValue, push.hostname, push.username,
                push.clientAddress, push.contentHash, detail,
            ])
    }

    /// The desired state of a zone, if it was ever seen.
    public func zone(_ domain: String) async throws -> DesiredZone? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM zones WHERE domain = ?", arguments: [domain]).map(Self.desired)
        }
    }

    /// The first of `candidates` (a domain and its ancestors, nearest first) that is present.
    public func firstPresent(of candidates: [String]) async throws -> DesiredZone? {
        guard !candidates.isEmpty else { return nil }
        return try await database.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM zones WHERE present = 1 AND domain IN (\(databaseQuestionMarks(count: candidates.count)))",
                arguments: StatementArguments(candidates))
            let byDomain = Dictionary(uniqueKeysWithValues: rows.map { (($0["domain"] as String?) ?? "", $0) })
            return candidates.lazy.compactMap { byDomain[$0] }.first.map(Self.desired)
        }
    }

    static func desired(_ row: Row) -> DesiredZone {
        DesiredZone(
            domain: row["domain"], generation: row["generation"], present: (row["present"] as Int64?) == 1,
            canonicalText: row["zone_text"], recordCount: row["record_count"], contentHash: row["content_hash"],
            serial: (row["serial"] as Int64?).map { UInt32(truncatingIfNeeded: $0) }, hostname: row["da_hostname"],
            username: row["da_username"], updatedAt: row["updated_at"],
            changedAt: (row["changed_at"] as Double?) ?? row["updated_at"])
    }
}
