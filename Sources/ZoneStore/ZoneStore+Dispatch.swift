import GRDB

/// A zone a backend has to catch up with.
public struct PendingChange: Sendable, Equatable {
    public var domain: String
    public var generation: Int64
    public var present: Bool
    public var canonicalText: String?
    public var contentHash: String?
    /// Failed attempts so far at bringing this backend to the zone.
    public var attempts: Int
    /// When this generation was accepted (seconds since 1970).
    public var changedAt: Double
    /// Whether the pair has a row: the backend has been sent this zone before (see `markSent`).
    public var tracked: Bool
}

/// What applying one change to one backend came to.
public enum ApplyResult: Sendable, Equatable {
    case applied
    /// Failed; try again at `retryAt`. `scheduleUsedUp`: every delay of the retry schedule has
    /// passed, so the pair is `failed` (still tried again at `retryAt`), else `retrying`.
    case failed(error: String, retryAt: Double, scheduleUsedUp: Bool)
}

extension ZoneStore {
    /// Zones whose desired generation `backend` has not applied and whose next attempt is due
    /// (`failed` pairs included: they are retried at the schedule's last interval), oldest change
    /// first. Zones deleted before the backend was ever sent them are skipped (a pair row exists
    /// from the first send on: `markSent`).
    public func pending(backend: String, now: Double, limit: Int) async throws -> [PendingChange] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT z.domain, z.generation, z.present, z.zone_text, z.content_hash,
                           COALESCE(a.attempts, 0) AS attempts, z.updated_at, a.domain IS NOT NULL AS tracked
                    FROM zones z LEFT JOIN applied a ON a.backend = ? AND a.domain = z.domain
                    WHERE COALESCE(a.applied_generation, 0) < z.generation
                      AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= ?)
                      AND (z.present = 1 OR a.domain IS NOT NULL)
                    ORDER BY z.updated_at, z.domain
                    LIMIT ?
                    """,
                arguments: [backend, now, limit]
            ).map { row in
                PendingChange(
                    domain: row["domain"], generation: row["generation"], present: (row["present"] as Int64?) == 1,
                    canonicalText: row["zone_text"], contentHash: row["content_hash"], attempts: row["attempts"],
                    changedAt: row["updated_at"], tracked: row["tracked"])
            }
        }
    }

    /// Records, before `backend` is sent zones it has never been sent, that it may hold them from
    /// now on: a `pending` pair at generation 0 for each. Without it, a process killed after the
    /// backend wrote a zone and before `record` left no pair, and a later delete of the zone was
    /// skipped as "never held" — the backend kept serving a zone acknowledged as deleted.
    public func markSent(backend: String, domains: [String]) async throws {
        guard !domains.isEmpty else { return }
        try await database.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO applied (backend, domain, applied_generation, status, attempts)
                    VALUES (?, ?, 0, 'pending', 0) ON CONFLICT(backend, domain) DO NOTHING
                    """)
            for domain in domains { try statement.execute(arguments: [backend, domain]) }
        }
    }

    /// Records the outcomes of one batch for `backend` in one transaction.
    public func record(
        backend: String, outcomes: [(change: PendingChange, result: ApplyResult)], at now: Double
    ) async throws {
        try await write { db in
            for (change, result) in outcomes {
                switch result {
                case .applied:
                    // Cached: one statement per zone of the batch.
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO applied (backend, domain, applied_generation, applied_hash, status, attempts,
                                                 next_attempt_at, last_attempt_at, last_error)
                            VALUES (?, ?, ?, ?, 'ok', 0, NULL, ?, NULL)
                            ON CONFLICT(backend, domain) DO UPDATE SET
                                applied_generation = MAX(applied.applied_generation, excluded.applied_generation),
                                applied_hash = excluded.applied_hash, status = 'ok', attempts = 0,
                                next_attempt_at = NULL, last_attempt_at = excluded.last_attempt_at, last_error = NULL
                            """
                    ).execute(arguments: [backend, change.domain, change.generation, change.contentHash, now])
                case .failed(let error, let retryAt, let scheduleUsedUp):
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO applied (backend, domain, applied_generation, status, attempts,
                                                 next_attempt_at, last_attempt_at, last_error)
                            VALUES (?, ?, 0, ?, 1, ?, ?, ?)
                            ON CONFLICT(backend, domain) DO UPDATE SET
                                status = excluded.status, attempts = applied.attempts + 1,
                                next_attempt_at = excluded.next_attempt_at,
                                last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error
                            """
                    ).execute(arguments: [backend, change.domain, scheduleUsedUp ? "failed" : "retrying", retryAt, now, error])
                }
            }
        }
    }

    /// Makes failed and retrying pairs due now (`dadns retry`, a backend working again); nil
    /// arguments match everything; `attemptedBefore` leaves out pairs last tried at or after that
    /// time (the batch that just failed them). Returns how many pairs were queued again.
    @discardableResult
    public func retryNow(backend: String?, domain: String?, at now: Double, attemptedBefore: Double? = nil) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE applied SET status = 'retrying', next_attempt_at = ?
                    WHERE status IN ('failed', 'retrying') AND (? IS NULL OR backend = ?) AND (? IS NULL OR domain = ?)
                      AND (? IS NULL OR COALESCE(last_attempt_at, 0) < ?)
                    """,
                arguments: [now, backend, backend, domain, domain, attemptedBefore, attemptedBefore])
            return db.changesCount
        }
    }

    /// Deletes journal entries older than `cutoff` (seconds since 1970), keeping at least the
    /// latest entry of every zone. Returns how many were removed.
    @discardableResult
    public func pruneJournal(olderThan cutoff: Double) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    DELETE FROM journal WHERE at < ?
                      AND id NOT IN (SELECT MAX(id) FROM journal GROUP BY domain)
                    """,
                arguments: [cutoff])
            return db.changesCount
        }
    }

    /// The journal of one zone, oldest first.
    public func history(of domain: String) async throws -> [JournalEntry] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE domain = ? ORDER BY id", arguments: [domain]).map {
                JournalEntry(
                    at: $0["at"], action: $0["action"], generation: $0["generation"], source: $0["source"],
                    hostname: $0["da_hostname"], detail: $0["detail"])
            }
        }
    }
}

/// One change in the journal.
public struct JournalEntry: Sendable, Equatable, Codable {
    @Timestamp public var at: Double
    public var action: String
    public var generation: Int64
    public var source: String
    public var hostname: String?
    public var detail: String?
}
