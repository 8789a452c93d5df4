import GRDB

/// The `applied` table: what each backend was sent of each zone and how it went.
extension SQLiteZoneStore {
    /// Zones whose desired generation `backend` has not applied and whose next attempt is due
    /// (`failed` pairs included: they are retried at the schedule's last interval), oldest change
    /// first. Zones deleted before the backend was ever sent them are skipped (a pair row exists
    /// from the first send on: `markSent`).
    /// Once a pending query of the backend found nothing due, later ones read only the pairs
    /// that can have fallen behind since (`PendingWatermarks`), by index.
    public func pending(backend: String, now: Double, limit: Int) async throws -> [PendingChange] {
        let mark = pendingMarks.mark(of: backend)
        let (changes, seq) = try await database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT z.domain, z.generation, z.present, z.zone_text, z.content_hash,
                           COALESCE(a.attempts, 0) AS attempts, z.updated_at, a.domain IS NOT NULL AS tracked
                    \(Self.pairsBehind(marked: mark != nil))
                      AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= ?)
                    ORDER BY z.updated_at, z.domain
                    LIMIT ?
                    """,
                arguments: Self.pairsBehindArguments(backend: backend, mark: mark) + [now, limit])
            // Nothing due: every pair is applied or not `ok`; the counter read in this same
            // snapshot becomes the backend's mark.
            let seq = rows.isEmpty ? try Int64.fetchOne(db, sql: "SELECT seq FROM zone_change_counter WHERE id = 1") : nil
            return (rows.map { row in
                PendingChange(
                    domain: row["domain"], generation: row["generation"], present: (row["present"] as Int64?) == 1,
                    canonicalText: row["zone_text"], contentHash: row["content_hash"], attempts: row["attempts"],
                    changedAt: row["updated_at"], tracked: row["tracked"])
            }, seq)
        }
        if let seq { pendingMarks.raise(backend, to: seq) }
        return changes
    }

    /// FROM and WHERE of the pairs `backend` has not applied (zones deleted before it held them
    /// left out), columns of `zones z` and `applied a`. Without a mark every zone is compared;
    /// with one, only zones numbered after it and the backend's pairs not `ok`.
    private static func pairsBehind(marked: Bool) -> String {
        let zones = marked
            ? """
                FROM (SELECT domain FROM zones WHERE change_seq > ?
                      UNION SELECT domain FROM applied WHERE backend = ? AND status IN ('pending', 'retrying', 'failed')) c
                JOIN zones z ON z.domain = c.domain
                """
            : "FROM zones z"
        return """
            \(zones)
            LEFT JOIN applied a ON a.backend = ? AND a.domain = z.domain
            WHERE COALESCE(a.applied_generation, 0) < z.generation
              AND (z.present = 1 OR a.domain IS NOT NULL)
            """
    }

    private static func pairsBehindArguments(backend: String, mark: Int64?) -> StatementArguments {
        guard let mark else { return [backend] }
        return [mark, backend, backend]
    }

    /// Records, before `backend` is sent zones it has never been sent, that it may hold them from
    /// now on: a `pending` pair at generation 0 for each. Without it, a process killed after the
    /// backend wrote a zone and before `record` left no pair, and a later delete of the zone was
    /// skipped as "never held" — the backend kept serving a zone acknowledged as deleted.
    public func markSent(backend: String, domains: [String]) async throws {
        guard !domains.isEmpty else { return }
        try await write { db in
            for domain in domains { try AppliedRecord.insertPending(backend: backend, domain: domain, in: db) }
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
    public func retryNow(backend: String?, domain: String?, at now: Double, attemptedBefore: Double?) async throws -> Int {
        let queued = try await write { db in
            try db.execute(
                sql: """
                    UPDATE applied SET status = 'retrying', next_attempt_at = ?
                    WHERE status IN ('failed', 'retrying') AND (? IS NULL OR backend = ?) AND (? IS NULL OR domain = ?)
                      AND (? IS NULL OR COALESCE(last_attempt_at, 0) < ?)
                    """,
                arguments: [now, backend, backend, domain, domain, attemptedBefore, attemptedBefore])
            return db.changesCount
        }
        if queued > 0 { changes.announce() }
        return queued
    }

    /// The backlog of `backend`: what it is behind on, by state. Counting it compares every
    /// zone's generation with the backend's (about 100 ms at 100,000 zones) until the backend's
    /// lane set its mark (`PendingWatermarks`), then only the pairs that can be behind; the
    /// answer is kept until this process writes to the store again (`BacklogCache`).
    public func backlog(backend: String) async throws -> BackendBacklog {
        let written = writeMonitor.writeCount
        if let kept = backlogs.backlog(of: backend, afterWrites: written) { return kept }
        let counted = try await countBacklog(backend: backend)
        backlogs.keep(counted, of: backend, afterWrites: written)
        return counted
    }

    private func countBacklog(backend: String) async throws -> BackendBacklog {
        let mark = pendingMarks.mark(of: backend)
        return try await database.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT SUM(CASE WHEN a.status IS NULL OR a.status IN ('pending', 'ok') THEN 1 ELSE 0 END) AS pending,
                           SUM(CASE WHEN a.status = 'retrying' THEN 1 ELSE 0 END) AS retrying,
                           SUM(CASE WHEN a.status = 'failed' THEN 1 ELSE 0 END) AS failed,
                           MIN(z.updated_at) AS oldest
                    \(Self.pairsBehind(marked: mark != nil))
                    """,
                arguments: Self.pairsBehindArguments(backend: backend, mark: mark))
            return BackendBacklog(
                pending: row?["pending"] ?? 0, retrying: row?["retrying"] ?? 0, failed: row?["failed"] ?? 0,
                oldestChangeAt: row?["oldest"])
        }
    }

    /// Pairs of `backends` (in `state` and for `domain` if given), ordered by domain then
    /// backend; one page of at most `limit` after `afterDomain`. Zones deleted before a backend
    /// held them have no pair.
    public func pairPage(
        backends: [String], state: PairState.State?, domain: String?, after afterDomain: String, limit: Int
    ) async throws -> [PairState] {
        guard !backends.isEmpty else { return [] }
        return try await database.read { db in
            var states: [PairState] = []
            for backend in backends {
                if domain == nil, let state, let unsettled = PairStateQuery.unsettledSQL(state) {
                    states += try Row.fetchAll(db, sql: unsettled, arguments: [backend, afterDomain, limit])
                        .map { Self.pairState(backend: backend, row: $0) }
                    continue
                }
                let rows = try Row.fetchAll(
                    db,
                    sql: PairStateQuery.sql(forOneDomain: domain != nil),
                    arguments: [backend, afterDomain, domain, domain, state?.rawValue, state?.rawValue, limit])
                states += rows.map { Self.pairState(backend: backend, row: $0) }
            }
            return PairStateQuery.merged(states, limit: limit)
        }
    }

    static func pairState(backend: String, row: Row) -> PairState {
        PairState(
            backend: backend, domain: row["domain"], state: PairState.State(rawValue: row["state"]) ?? .pending,
            appliedGeneration: row["applied_generation"] ?? 0, generation: row["generation"],
            attempts: row["attempts"] ?? 0, nextAttemptAt: row["next_attempt_at"], lastAttemptAt: row["last_attempt_at"],
            lastError: row["last_error"])
    }

    /// Makes `backend` apply `domains` again at their current generation (a present zone is
    /// written again, a deleted one removed again): healing found it lacking or different.
    /// Returns how many pairs were queued.
    @discardableResult
    public func requeue(backend: String, domains: [String], reason: String, at now: Double) async throws -> Int {
        guard !domains.isEmpty else { return 0 }
        let queued = try await write { db in
            var count = 0
            for domain in domains {
                try db.execute(
                    sql: """
                        INSERT INTO applied (backend, domain, applied_generation, status, attempts, last_attempt_at, last_error)
                        SELECT ?, domain, 0, 'pending', 0, ?, ? FROM zones WHERE domain = ?
                        ON CONFLICT(backend, domain) DO UPDATE SET
                            applied_generation = 0, status = 'pending', attempts = 0, next_attempt_at = NULL,
                            last_error = excluded.last_error
                        """,
                    arguments: [backend, now, reason, domain])
                count += db.changesCount
            }
            return count
        }
        if queued > 0 { changes.announce() }
        return queued
    }

    /// Of `domains`, those `backend` holds at their current generation (state `ok`).
    public func upToDate(backend: String, among domains: [String]) async throws -> Set<String> {
        guard !domains.isEmpty else { return [] }
        return try await database.read { db in
            var found = Set<String>()
            for chunk in Self.chunks(of: domains) {
                let names = try String.fetchAll(
                    db,
                    sql: """
                        SELECT z.domain FROM zones z JOIN applied a ON a.backend = ? AND a.domain = z.domain
                        WHERE a.applied_generation >= z.generation AND z.domain IN (\(databaseQuestionMarks(count: chunk.count)))
                        """,
                    arguments: StatementArguments([backend] + chunk))
                found.formUnion(names)
            }
            return found
        }
    }
}
