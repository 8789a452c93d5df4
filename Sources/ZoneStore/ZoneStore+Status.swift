import GRDB

/// How far one backend is behind the desired state.
public struct BackendBacklog: Sendable, Equatable, Codable {
    /// Zones waiting for their first attempt at the current generation.
    public var pending: Int
    /// Zones that failed and wait for their next scheduled attempt.
    public var retrying: Int
    /// Zones whose retry schedule is used up: still retried at its last interval, at once by
    /// `dadns retry` or when the backend applies zones again.
    public var failed: Int
    /// When the oldest change the backend has not applied was accepted (seconds since 1970).
    @OptionalTimestamp public var oldestChangeAt: Double? = nil

    public init(pending: Int = 0, retrying: Int = 0, failed: Int = 0, oldestChangeAt: Double? = nil) {
        self.pending = pending
        self.retrying = retrying
        self.failed = failed
        self.oldestChangeAt = oldestChangeAt
    }
}

/// The state of one (backend, zone) pair.
public struct PairState: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// The backend holds the current generation.
        case ok
        /// Not yet attempted at the current generation.
        case pending
        case retrying
        case failed
    }

    public var backend: String
    public var domain: String
    public var state: State
    public var appliedGeneration: Int64
    public var generation: Int64
    public var attempts: Int
    @OptionalTimestamp public var nextAttemptAt: Double? = nil
    @OptionalTimestamp public var lastAttemptAt: Double? = nil
    public var lastError: String?
}

/// A zone in a listing: its desired state in brief.
public struct ZoneSummary: Sendable, Equatable, Codable {
    public var domain: String
    public var generation: Int64
    public var present: Bool
    public var recordCount: Int
    public var serial: UInt32?
    public var hostname: String?
    public var username: String?
    @Timestamp public var updatedAt: Double
}

extension ZoneStore {
    /// The backlog of `backend`: what it is behind on, by state.
    public func backlog(backend: String) async throws -> BackendBacklog {
        try await database.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT SUM(CASE WHEN a.status IS NULL OR a.status IN ('pending', 'ok') THEN 1 ELSE 0 END) AS pending,
                           SUM(CASE WHEN a.status = 'retrying' THEN 1 ELSE 0 END) AS retrying,
                           SUM(CASE WHEN a.status = 'failed' THEN 1 ELSE 0 END) AS failed,
                           MIN(z.updated_at) AS oldest
                    FROM zones z LEFT JOIN applied a ON a.backend = ? AND a.domain = z.domain
                    WHERE COALESCE(a.applied_generation, 0) < z.generation
                      AND (z.present = 1 OR a.domain IS NOT NULL)
                    """,
                arguments: [backend])
            return BackendBacklog(
                pending: row?["pending"] ?? 0, retrying: row?["retrying"] ?? 0, failed: row?["failed"] ?? 0,
                oldestChangeAt: row?["oldest"])
        }
    }

    /// How many zones are present.
    public func presentZoneCount() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM zones WHERE present = 1") ?? 0 }
    }

    /// Pairs of `backends` (in `state` and for `domain` if given), ordered by domain then
    /// backend; one page of at most `limit` after `afterDomain`. Zones deleted before a backend
    /// held them have no pair.
    public func pairs(
        backends: [String], state: PairState.State? = nil, domain: String? = nil, afterDomain: String = "", limit: Int = 1000
    ) async throws -> [PairState] {
        guard !backends.isEmpty else { return [] }
        return try await database.read { db in
            var states: [PairState] = []
            for backend in backends {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM (
                            SELECT z.domain, z.generation, a.applied_generation, a.attempts, a.next_attempt_at,
                                   a.last_attempt_at, a.last_error,
                                   CASE WHEN COALESCE(a.applied_generation, 0) >= z.generation THEN 'ok'
                                        WHEN a.status IN ('retrying', 'failed') THEN a.status
                                        ELSE 'pending' END AS state
                            FROM zones z LEFT JOIN applied a ON a.backend = ? AND a.domain = z.domain
                            WHERE (z.present = 1 OR a.domain IS NOT NULL) AND z.domain > ? AND (? IS NULL OR z.domain = ?))
                        WHERE ? IS NULL OR state = ?
                        ORDER BY domain LIMIT ?
                        """,
                    arguments: [backend, afterDomain, domain, domain, state?.rawValue, state?.rawValue, limit])
                states += rows.map { Self.pairState(backend: backend, row: $0) }
            }
            return Array(states.sorted { ($0.domain, $0.backend) < ($1.domain, $1.backend) }.prefix(limit))
        }
    }

    static func pairState(backend: String, row: Row) -> PairState {
        PairState(
            backend: backend, domain: row["domain"], state: PairState.State(rawValue: row["state"]) ?? .pending,
            appliedGeneration: row["applied_generation"] ?? 0, generation: row["generation"],
            attempts: row["attempts"] ?? 0, nextAttemptAt: row["next_attempt_at"], lastAttemptAt: row["last_attempt_at"],
            lastError: row["last_error"])
    }

    /// Zones in domain order, one page after `afterDomain`.
    public func zones(present: Bool? = true, afterDomain: String = "", limit: Int = 1000) async throws -> [ZoneSummary] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT domain, generation, present, record_count, serial, da_hostname, da_username, updated_at
                    FROM zones WHERE (? IS NULL OR present = ?) AND domain > ? ORDER BY domain LIMIT ?
                    """,
                arguments: [present, present, afterDomain, limit]
            ).map { row in
                ZoneSummary(
                    domain: row["domain"], generation: row["generation"], present: (row["present"] as Int64?) == 1,
                    recordCount: row["record_count"], serial: (row["serial"] as Int64?).map { UInt32(truncatingIfNeeded: $0) },
                    hostname: row["da_hostname"], username: row["da_username"], updatedAt: row["updated_at"])
            }
        }
    }

    /// Present zones with their text, for comparing backends with the desired state: one page in
    /// domain order after `afterDomain`.
    public func presentZoneTexts(afterDomain: String, limit: Int) async throws -> [(domain: String, text: String, hash: String)] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT domain, zone_text, content_hash FROM zones WHERE present = 1 AND domain > ? ORDER BY domain LIMIT ?",
                arguments: [afterDomain, limit]
            ).map { (domain: $0["domain"], text: $0["zone_text"] ?? "", hash: $0["content_hash"] ?? "") }
        }
    }

    /// Of `domains`, those the store knows as deleted (absent, with a tombstone).
    public func deleted(among domains: [String]) async throws -> Set<String> {
        guard !domains.isEmpty else { return [] }
        return try await database.read { db in
            var found = Set<String>()
            for chunk in stride(from: 0, to: domains.count, by: 500).map({ Array(domains[$0..<min($0 + 500, domains.count)]) }) {
                let names = try String.fetchAll(
                    db, sql: "SELECT domain FROM zones WHERE present = 0 AND domain IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments(chunk))
                found.formUnion(names)
            }
            return found
        }
    }

    /// Makes `backend` apply `domains` again at their current generation (a present zone is
    /// written again, a deleted one removed again): healing found it lacking or different.
    /// Returns how many pairs were queued.
    @discardableResult
    public func requeue(backend: String, domains: [String], reason: String, at now: Double) async throws -> Int {
        guard !domains.isEmpty else { return 0 }
        return try await write { db in
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
    }
}

extension ZoneStore {
    /// Of `domains`, those `backend` holds at their current generation (state `ok`).
    public func upToDate(backend: String, among domains: [String]) async throws -> Set<String> {
        guard !domains.isEmpty else { return [] }
        return try await database.read { db in
            var found = Set<String>()
            for start in stride(from: 0, to: domains.count, by: 500) {
                let chunk = Array(domains[start..<min(start + 500, domains.count)])
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
