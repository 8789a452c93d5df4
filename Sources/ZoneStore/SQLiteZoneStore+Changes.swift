import GRDB

/// How SQLite carries out the desired-state rules: read a zone's `StoredZoneState`, let
/// `DesiredStateRules` decide, write the `ZoneChange`, all in the caller's transaction.
extension SQLiteZoneStore: RuleCarryingStore {
    public func changeZone<Outcome: Sendable>(
        _ domain: String, _ rule: @escaping @Sendable (StoredZoneState?) -> (ZoneChange, Outcome)?
    ) async throws -> Outcome? {
        try await write { db in try Self.change(domain, in: db, rule) }
    }

    public var changeAnnouncer: ChangeAnnouncer { changes }

    /// Reads `domain`'s row, decides with `rule`, writes what it decided; returns its outcome.
    static func change<Outcome>(
        _ domain: String, in db: Database, _ rule: (StoredZoneState?) -> (ZoneChange, Outcome)
    ) throws -> Outcome {
        let (change, outcome) = rule(try storedState(domain, in: db))
        try apply(change, in: db)
        return outcome
    }

    /// Like `change`, for a rule that may decline (nil: nothing written).
    static func change<Outcome>(
        _ domain: String, in db: Database, _ rule: (StoredZoneState?) -> (ZoneChange, Outcome)?
    ) throws -> Outcome? {
        guard let (change, outcome) = rule(try storedState(domain, in: db)) else { return nil }
        try apply(change, in: db)
        return outcome
    }

    /// Cached statement: a push is the hot path.
    static func storedState(_ domain: String, in db: Database) throws -> StoredZoneState? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(StoredZoneState.columns) FROM zones WHERE domain = ?"), arguments: [domain])
        else { return nil }
        return StoredZoneState(
            generation: row[0], present: (row[1] as Int64?) == 1, contentHash: row[2], hostname: row[3], username: row[4],
            serial: row[5], changedAt: row[6], updatedAt: row[7])
    }

    static func apply(_ change: ZoneChange, in db: Database) throws {
        switch change.write {
        case .upsert(let upsert)?:
            try StoredZone.upsert(upsert, in: db)
            try AppliedRecord.resetAttempts(of: upsert.domain, in: db)
            if let version = upsert.historyVersion { try keep(version, in: db) }
        case .metadata(let domain, let changedAt, let hostname, let username)?:
            try db.execute(
                sql: "UPDATE zones SET changed_at = ?, da_hostname = COALESCE(?, da_hostname), da_username = COALESCE(?, da_username) WHERE domain = ?",
                arguments: [changedAt, hostname, username, domain])
        case .owner(let domain, let hostname)?:
            try db.execute(sql: "UPDATE zones SET da_hostname = ? WHERE domain = ?", arguments: [hostname, domain])
        case nil:
            break
        }
        if let line = change.journal { try append(line, in: db) }
    }

    /// The one journal append. A cached statement: every push appends.
    static func append(_ line: JournalLine, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO journal (at, domain, action, generation, source, da_hostname, da_username,
                                     client_address, content_hash, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            line.at, line.domain, line.action, line.generation, line.source, line.hostname, line.username, line.clientAddress,
            line.contentHash, line.detail,
        ])
    }
}
