import GRDB

/// What the reconciler changes, each guarded so that it never overrides a change made after
/// it looked: DirectAdmin may push while a pass is running.
extension ZoneStore {
    /// Deletes an orphan for the reconciler (journal source `reconciler`), only if the zone is
    /// still present at `generation` and owned by `owner`; nil when it changed meanwhile.
    public func deleteOrphan(
        domain: String, generation: Int64, owner: String, username: String?, at now: Double
    ) async throws -> DeleteOutcome? {
        try await write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT generation, present, da_hostname FROM zones WHERE domain = ?", arguments: [domain]),
                (row["present"] as Int64?) == 1, (row["generation"] as Int64?) == generation,
                (row["da_hostname"] as String?) == owner
            else { return nil }
            return try Self.delete(
                domain: domain, hostname: owner, username: username, clientAddress: nil, source: .reconciler, at: now, in: db)
        }
    }

    /// Stores a zone fetched from DirectAdmin, only if the zone has not changed since `since`
    /// (a push or delete that arrived meanwhile is newer than what was fetched); nil then.
    public func pushFetched(_ push: ZonePush, unchangedSince since: Double, at now: Double) async throws -> PushOutcome? {
        try await write { db in
            let updated = try Double.fetchOne(db, sql: "SELECT updated_at FROM zones WHERE domain = ?", arguments: [push.domain])
            if let updated, updated >= since { return nil }
            return try Self.push(push, at: now, in: db)
        }
    }

    /// Records a new owner (DirectAdmin host) for a present zone without a new generation —
    /// the content is unchanged, so no backend has work. Only if the owner is still `expected`.
    /// Journal action `owner`, with the change in `detail`. Returns whether it changed.
    public func changeOwner(
        domain: String, from expected: String?, to hostname: String, source: ChangeSource, at now: Double
    ) async throws -> Bool {
        try await write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT generation, present, da_hostname, da_username FROM zones WHERE domain = ?", arguments: [domain]),
                (row["present"] as Int64?) == 1, (row["da_hostname"] as String?) == expected
            else { return false }
            try db.execute(sql: "UPDATE zones SET da_hostname = ? WHERE domain = ?", arguments: [hostname, domain])
            let generation: Int64 = row["generation"] ?? 0
            let username: String? = row["da_username"]
            try db.execute(
                sql: """
                    INSERT INTO journal (at, domain, action, generation, source, da_hostname, da_username, detail)
                    VALUES (?, ?, 'owner', ?, ?, ?, ?, ?)
                    """,
                arguments: [now, domain, generation, source.rawValue, hostname, username, "owner \(expected ?? "none") -> \(hostname)"])
            return true
        }
    }

    /// How many present zones each DirectAdmin host owns.
    public func ownedZoneCounts() async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT da_hostname, COUNT(*) AS n FROM zones WHERE present = 1 AND da_hostname IS NOT NULL GROUP BY da_hostname")
            {
                counts[row["da_hostname"]] = row["n"]
            }
            return counts
        }
    }
}
