import MariaDB

/// The `applied` table: what each backend of this node was sent of each zone and how it went.
/// Every query is scoped to `nodeName`; the desired state it is compared with is shared.
extension MariaDBZoneStore {
    public func pending(backend: String, now: Double, limit: Int) async throws -> [PendingChange] {
        let node = nodeName
        return try await read { connection in
            try connection.rows(
                """
                SELECT z.domain, z.generation, z.present, z.zone_text, z.content_hash,
                       COALESCE(a.attempts, 0), z.updated_at, a.domain IS NOT NULL
                FROM zones z LEFT JOIN applied a ON a.node = ? AND a.backend = ? AND a.domain = z.domain
                WHERE COALESCE(a.applied_generation, 0) < z.generation
                  AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= ?)
                  AND (z.present = 1 OR a.domain IS NOT NULL)
                ORDER BY z.updated_at, z.domain
                LIMIT ?
                """,
                [node, backend, now, limit]
            ).map { row in
                PendingChange(
                    domain: try row.required(0, row.string), generation: try row.required(1, row.int64), present: row.bool(2),
                    canonicalText: row.string(3), contentHash: row.string(4), attempts: row.int(5) ?? 0,
                    changedAt: try row.required(6, row.double), tracked: row.bool(7))
            }
        }
    }

    /// See `SQLiteZoneStore.markSent`: a `pending` pair at generation 0 for each zone the
    /// backend was never sent, written before it is sent them.
    public func markSent(backend: String, domains: [String]) async throws {
        guard !domains.isEmpty else { return }
        let node = nodeName
        try await write { connection in
            for chunk in Self.chunks(of: domains) {
                let values = Array(repeating: "(?, ?, ?, 0, 'pending', 0)", count: chunk.count).joined(separator: ", ")
                try connection.run(
                    """
                    INSERT INTO applied (node, backend, domain, applied_generation, status, attempts) VALUES \(values)
                    ON DUPLICATE KEY UPDATE domain = domain
                    """,
                    chunk.flatMap { [node, backend, $0] as [any SQLBindable] })
            }
        }
    }

    public func record(backend: String, outcomes: [(change: PendingChange, result: ApplyResult)], at now: Double) async throws {
        let node = nodeName
        let outcomes = outcomes.map { (domain: $0.change.domain, generation: $0.change.generation, hash: $0.change.contentHash, result: $0.result) }
        try await write { connection in
            // Applied zones (nearly all of a batch) go in multi-row statements of up to 500 rows;
            // a failure between them is written in its place, so rows keep the batch's order.
            var applied: [[any SQLBindable]] = []
            func flushApplied() throws {
                for start in stride(from: 0, to: applied.count, by: 500) {
                    let rows = applied[start..<min(start + 500, applied.count)]
                    try connection.run(
                        """
                        INSERT INTO applied (node, backend, domain, applied_generation, applied_hash, status, attempts,
                                             next_attempt_at, last_attempt_at, last_error)
                        VALUES \(Array(repeating: "(?, ?, ?, ?, ?, 'ok', 0, NULL, ?, NULL)", count: rows.count).joined(separator: ", "))
                        ON DUPLICATE KEY UPDATE
                            applied_generation = GREATEST(applied_generation, VALUES(applied_generation)),
                            applied_hash = VALUES(applied_hash), status = 'ok', attempts = 0,
                            next_attempt_at = NULL, last_attempt_at = VALUES(last_attempt_at), last_error = NULL
                        """,
                        rows.flatMap { $0 })
                }
                applied.removeAll()
            }
            for outcome in outcomes {
                switch outcome.result {
                case .applied:
                    applied.append([node, backend, outcome.domain, outcome.generation, outcome.hash, now])
                case .failed(let error, let retryAt, let scheduleUsedUp):
                    try flushApplied()
                    try connection.run(
                        """
                        INSERT INTO applied (node, backend, domain, applied_generation, status, attempts,
                                             next_attempt_at, last_attempt_at, last_error)
                        VALUES (?, ?, ?, 0, ?, 1, ?, ?, ?)
                        ON DUPLICATE KEY UPDATE
                            status = VALUES(status), attempts = attempts + 1, next_attempt_at = VALUES(next_attempt_at),
                            last_attempt_at = VALUES(last_attempt_at), last_error = VALUES(last_error)
                        """,
                        [node, backend, outcome.domain, scheduleUsedUp ? "failed" : "retrying", retryAt, now, error])
                }
            }
            try flushApplied()
        }
    }

    @discardableResult
    public func retryNow(backend: String?, domain: String?, at now: Double, attemptedBefore: Double?) async throws -> Int {
        let node = nodeName
        let queued = try await write { connection in
            let filter = """
                WHERE node = ? AND status IN ('failed', 'retrying') AND (? IS NULL OR backend = ?) AND (? IS NULL OR domain = ?)
                  AND (? IS NULL OR COALESCE(last_attempt_at, 0) < ?)
                """
            let arguments: [any SQLBindable] = [node, backend, backend, domain, domain, attemptedBefore, attemptedBefore]
            // Counted as matched rows, as SQLite counts them (MariaDB's affected rows leave out
            // rows the update left as they were).
            let count = try connection.row("SELECT COUNT(*) FROM applied \(filter) FOR UPDATE", arguments)?.int(0) ?? 0
            try connection.run("UPDATE applied SET status = 'retrying', next_attempt_at = ? \(filter)", [now as any SQLBindable] + arguments)
            return count
        }
        if queued > 0 { changes.announce() }
        return queued
    }

    public func backlog(backend: String) async throws -> BackendBacklog {
        let node = nodeName
        return try await read { connection in
            let row = try connection.row(
                """
                SELECT SUM(CASE WHEN a.status IS NULL OR a.status IN ('pending', 'ok') THEN 1 ELSE 0 END),
                       SUM(CASE WHEN a.status = 'retrying' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN a.status = 'failed' THEN 1 ELSE 0 END),
                       MIN(z.updated_at)
                FROM zones z LEFT JOIN applied a ON a.node = ? AND a.backend = ? AND a.domain = z.domain
                WHERE COALESCE(a.applied_generation, 0) < z.generation
                  AND (z.present = 1 OR a.domain IS NOT NULL)
                """,
                [node, backend])
            return BackendBacklog(
                pending: row?.int(0) ?? 0, retrying: row?.int(1) ?? 0, failed: row?.int(2) ?? 0, oldestChangeAt: row?.double(3))
        }
    }

    public func pairPage(
        backends: [String], state: PairState.State?, domain: String?, after afterDomain: String, limit: Int
    ) async throws -> [PairState] {
        guard !backends.isEmpty else { return [] }
        let node = nodeName
        return try await read { connection in
            var states: [PairState] = []
            for backend in backends {
                let unsettled = domain == nil ? state.flatMap { PairStateQuery.unsettledSQL($0, appliedScope: "a.node = ? AND ") } : nil
                let rows = try unsettled.map { try connection.rows($0, [node, backend, afterDomain, limit]) } ?? connection.rows(
                    PairStateQuery.sql(appliedScope: "a.node = ? AND ", forOneDomain: domain != nil),
                    [node, backend, afterDomain, domain, domain, state?.rawValue, state?.rawValue, limit])
                states += try rows.map { row in
                    PairState(
                        backend: backend, domain: try row.required(0, row.string),
                        state: row.string(7).flatMap(PairState.State.init(rawValue:)) ?? .pending,
                        appliedGeneration: row.int64(2) ?? 0, generation: try row.required(1, row.int64), attempts: row.int(3) ?? 0,
                        nextAttemptAt: row.double(4), lastAttemptAt: row.double(5), lastError: row.string(6))
                }
            }
            return PairStateQuery.merged(states, limit: limit)
        }
    }

    @discardableResult
    public func requeue(backend: String, domains: [String], reason: String, at now: Double) async throws -> Int {
        guard !domains.isEmpty else { return 0 }
        let node = nodeName
        let queued = try await write { connection in
            var count = 0
            for domain in domains {
                // One pair per zone the store has, as SQLite counts it (inserted or updated).
                guard try connection.row("SELECT 1 FROM zones WHERE domain = ?", [domain]) != nil else { continue }
                try connection.run(
                    """
                    INSERT INTO applied (node, backend, domain, applied_generation, status, attempts, last_attempt_at, last_error)
                    VALUES (?, ?, ?, 0, 'pending', 0, ?, ?)
                    ON DUPLICATE KEY UPDATE
                        applied_generation = 0, status = 'pending', attempts = 0, next_attempt_at = NULL,
                        last_error = VALUES(last_error)
                    """,
                    [node, backend, domain, now, reason])
                count += 1
            }
            return count
        }
        if queued > 0 { changes.announce() }
        return queued
    }

    public func upToDate(backend: String, among domains: [String]) async throws -> Set<String> {
        guard !domains.isEmpty else { return [] }
        let node = nodeName
        return try await read { connection in
            var found = Set<String>()
            for chunk in Self.chunks(of: domains) {
                let rows = try connection.rows(
                    """
                    SELECT z.domain FROM zones z JOIN applied a ON a.node = ? AND a.backend = ? AND a.domain = z.domain
                    WHERE a.applied_generation >= z.generation AND z.domain IN (\(Self.placeholders(chunk.count)))
                    """,
                    [node, backend] + chunk)
                found.formUnion(rows.compactMap { $0.string(0) })
            }
            return found
        }
    }
}
