/// The query behind `pairPage`, once for both stores: one backend's pairs after a domain, in a
/// state and for a domain when given, ordered by domain. Its columns: domain, generation,
/// applied_generation, attempts, next_attempt_at, last_attempt_at, last_error, state.
public enum PairStateQuery {
    /// The SQL; `appliedScope` narrows the joined `applied` rows (`a.node = ? AND ` on a shared
    /// store, empty on SQLite). Arguments after the scope's: backend, afterDomain, domain, domain,
    /// state, state, limit. With `forOneDomain` (a domain is given) the domain is matched by
    /// equality, so the zone is found by its key instead of by scanning every zone after
    /// `afterDomain` (`? IS NULL OR z.domain = ?` cannot use the index).
    public static func sql(appliedScope: String = "", forOneDomain: Bool = false) -> String {
        let domainFilter = forOneDomain ? "z.domain = ? AND z.domain = ?" : "(? IS NULL OR z.domain = ?)"
        return """
            SELECT * FROM (
                SELECT z.domain, z.generation, a.applied_generation, a.attempts, a.next_attempt_at,
                       a.last_attempt_at, a.last_error,
                       CASE WHEN COALESCE(a.applied_generation, 0) >= z.generation THEN 'ok'
                            WHEN a.status IN ('retrying', 'failed') THEN a.status
                            ELSE 'pending' END AS state
                FROM zones z LEFT JOIN applied a ON \(appliedScope)a.backend = ? AND a.domain = z.domain
                WHERE (z.present = 1 OR a.domain IS NOT NULL) AND z.domain > ? AND \(domainFilter)) pairs
            WHERE ? IS NULL OR state = ?
            ORDER BY domain LIMIT ?
            """
    }

    /// The SQL for pairs in `state` `retrying` or `failed` (no domain given): walked from the
    /// backend's `applied` rows in that state (by the index on backend and status, both stores), not from every
    /// zone. Same columns as `sql`; arguments after the scope's: backend, afterDomain, limit.
    /// The state is written into the SQL: an enum's raw value, never input.
    public static func unsettledSQL(_ state: PairState.State, appliedScope: String = "") -> String? {
        guard state == .retrying || state == .failed else { return nil }
        return """
            SELECT z.domain, z.generation, a.applied_generation, a.attempts, a.next_attempt_at,
                   a.last_attempt_at, a.last_error, a.status AS state
            FROM applied a JOIN zones z ON z.domain = a.domain
            WHERE \(appliedScope)a.backend = ? AND a.status = '\(state.rawValue)' AND a.domain > ?
              AND COALESCE(a.applied_generation, 0) < z.generation
            ORDER BY a.domain LIMIT ?
            """
    }

    /// The pages of several backends merged: by domain, then backend, at most `limit`.
    public static func merged(_ states: [PairState], limit: Int) -> [PairState] {
        Array(states.sorted { ($0.domain, $0.backend) < ($1.domain, $1.backend) }.prefix(limit))
    }
}
