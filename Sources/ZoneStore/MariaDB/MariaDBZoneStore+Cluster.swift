import MariaDB

/// The `nodes` and `leases` tables: which nodes share the store, and which one runs each
/// cluster-wide periodic job (reconciler, journal and history pruning) — one at a time, under
/// a lease with an expiry, so that a killed holder's lease is taken over once it expires.
/// Times are the callers' clocks (seconds since 1970): nodes need clocks in step (NTP) to well
/// within a lease's length.
extension MariaDBZoneStore: ClusterCoordination {
    /// Records that this node is alive at `now`; `starting` marks a (re)start.
    public func heartbeat(at now: Double, starting: Bool = false, version: String? = nil) async throws {
        let node = nodeName
        _ = try await write { connection in
            try connection.run(
                """
                INSERT INTO nodes (node, started_at, last_seen_at, version) VALUES (?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE last_seen_at = VALUES(last_seen_at),
                    started_at = IF(?, VALUES(started_at), started_at), version = COALESCE(VALUES(version), version)
                """,
                [node, now, now, version, starting])
        }
    }

    /// Every node that ever sent a heartbeat, by name.
    public func nodes() async throws -> [StoreNode] {
        try await read { connection in
            try connection.rows("SELECT node, started_at, last_seen_at, version FROM nodes ORDER BY node").map { row in
                StoreNode(
                    name: try row.required(0, row.string), startedAt: try row.required(1, row.double),
                    lastSeenAt: try row.required(2, row.double), version: row.string(3))
            }
        }
    }

    /// Takes the lease `name` for this node until `now + seconds` when it is free, expired, or
    /// already this node's (a renewal keeps its `acquiredAt`). Returns whether this node holds
    /// it now. Decided under the lease's row lock: two nodes asking at once never both get it.
    public func acquireLease(_ name: String, for seconds: Double, at now: Double) async throws -> Bool {
        let node = nodeName
        return try await write { connection in
            guard let row = try connection.row("SELECT holder, expires_at FROM leases WHERE name = ? FOR UPDATE", [name]) else {
                // Two nodes inserting at once: the loser's insert deadlocks on the gap lock and is
                // run again (`MariaDBTransactionRetry`), then sees the winner's row; or it finds
                // the row the winner just inserted.
                do {
                    try connection.run(
                        "INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)", [name, node, now, now + seconds])
                    return true
                } catch let error as MariaDBError where error.code == MariaDBStoreMigrations.duplicateKey {
                    return false
                }
            }
            let holder = try row.required(0, row.string)
            if holder == node {
                try connection.run("UPDATE leases SET expires_at = ? WHERE name = ?", [now + seconds, name])
                return true
            }
            guard try row.required(1, row.double) <= now else { return false }
            try connection.run(
                "UPDATE leases SET holder = ?, acquired_at = ?, expires_at = ? WHERE name = ?", [node, now, now + seconds, name])
            return true
        }
    }

    /// Gives the lease up if this node holds it (a node stopping cleanly), so another node can
    /// take it at once.
    public func releaseLease(_ name: String) async throws {
        let node = nodeName
        _ = try await write { connection in try connection.run("DELETE FROM leases WHERE name = ? AND holder = ?", [name, node]) }
    }

    /// The lease `name`, if any node took it (it may have expired).
    public func lease(_ name: String) async throws -> StoreLease? {
        try await read { connection in
            try connection.row("SELECT name, holder, acquired_at, expires_at FROM leases WHERE name = ?", [name]).map(Self.lease)
        }
    }

    /// Every lease any node took, by name (some may have expired).
    public func leases() async throws -> [StoreLease] {
        try await read { connection in
            try connection.rows("SELECT name, holder, acquired_at, expires_at FROM leases ORDER BY name").map(Self.lease)
        }
    }

    /// Per (node, backend) of every node: present zones held at their generation, and those
    /// behind it by the state of their pair. A present zone a node has no row for yet (it was
    /// down when the zone came) counts as pending for that node's backends.
    public func appliedCounts() async throws -> [NodeBackendCounts] {
        try await read { connection in
            let present = try connection.row("SELECT COUNT(*) FROM zones WHERE present = 1")?.int(0) ?? 0
            return try connection.rows(
                """
                SELECT a.node, a.backend,
                       SUM(CASE WHEN z.present = 1 AND a.applied_generation >= z.generation THEN 1 ELSE 0 END),
                       SUM(CASE WHEN a.applied_generation < z.generation AND a.status NOT IN ('retrying', 'failed') THEN 1 ELSE 0 END),
                       SUM(CASE WHEN a.applied_generation < z.generation AND a.status = 'retrying' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN a.applied_generation < z.generation AND a.status = 'failed' THEN 1 ELSE 0 END),
                       SUM(z.present)
                FROM applied a JOIN zones z ON z.domain = a.domain
                GROUP BY a.node, a.backend ORDER BY a.node, a.backend
                """
            ).map { row in
                let withRow = row.int(6) ?? 0
                return NodeBackendCounts(
                    node: try row.required(0, row.string), backend: try row.required(1, row.string), applied: row.int(2) ?? 0,
                    pending: (row.int(3) ?? 0) + max(0, present - withRow), retrying: row.int(4) ?? 0, failed: row.int(5) ?? 0)
            }
        }
    }

    private static func lease(_ row: SQLRow) throws -> StoreLease {
        StoreLease(
            name: try row.required(0, row.string), holder: try row.required(1, row.string),
            acquiredAt: try row.required(2, row.double), expiresAt: try row.required(3, row.double))
    }
}
