import GRDB

/// Peer sync over the `zones` table: versions offered to peers, peers' newer versions taken
/// over, and tombstones (deleted zones kept so the delete travels to every peer) pruned.
extension SQLiteZoneStore {
    /// Every zone this node knows, present or tombstone, with its version, in domain order.
    public func peerStates() async throws -> [PeerZoneState] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.peerStateColumns) FROM zones ORDER BY domain").map(Self.peerState)
        }
    }

    public func peerStatePage(after afterDomain: String, limit: Int) async throws -> [PeerZoneState] {
        try await zonesPage(Self.peerStateColumns, after: afterDomain, limit: limit, Self.peerState)
    }

    /// `columns` of at most `limit` zones after `afterDomain`, in domain order, each made into a value.
    func zonesPage<Value: Sendable>(
        _ columns: String, after afterDomain: String, limit: Int, _ value: @escaping @Sendable (Row) throws -> Value
    ) async throws -> [Value] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(columns) FROM zones WHERE domain > ? ORDER BY domain LIMIT ?", arguments: [afterDomain, limit]
            ).map(value)
        }
    }

    /// The zones with journal entries after `cursor`. Journal ids come from AUTOINCREMENT and
    /// are handed out inside the one write transaction at a time, so they follow commit order
    /// and are never reused: a cursor above the largest id ever handed out was not ours. The
    /// journal pruner keeps the latest entry of every zone, so entries after a cursor are
    /// complete unless pruning reached past it, which the oldest kept id shows.
    public func peerChanges(after cursor: Int64?, limit: Int) async throws -> PeerChangeBatch? {
        try await database.read { db in
            let largest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'journal'") ?? 0
            guard let cursor else { return PeerChangeBatch(states: [], cursor: largest, more: false) }
            guard cursor >= 0, cursor <= largest else { return nil }
            if cursor < largest, let oldest = try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM journal"), oldest > cursor + 1 {
                return nil
            }
            let entries = try Row.fetchAll(
                db, sql: "SELECT id, domain FROM journal WHERE id > ? ORDER BY id LIMIT ?", arguments: [cursor, limit])
            var domains: [String] = []
            var seen = Set<String>()
            for entry in entries where seen.insert(entry["domain"]).inserted { domains.append(entry["domain"]) }
            var states: [String: PeerZoneState] = [:]
            for chunk in stride(from: 0, to: domains.count, by: 500).map({ Array(domains[$0..<min($0 + 500, domains.count)]) }) {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT \(Self.peerStateColumns) FROM zones WHERE domain IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments(chunk))
                for state in rows.map(Self.peerState) { states[state.domain] = state }
            }
            let more = entries.count == limit
            let next: Int64 = more ? entries.last?["id"] ?? cursor : largest
            return PeerChangeBatch(states: domains.compactMap { states[$0] }, cursor: next, more: more)
        }
    }

    static let peerStateColumns = """
        domain, present, content_hash, COALESCE(changed_at, updated_at) AS changed_at, da_hostname, da_username
        """

    static func peerState(_ row: Row) -> PeerZoneState {
        let present = (row["present"] as Int64?) == 1
        return PeerZoneState(
            domain: row["domain"], present: present,
            version: ZoneVersion(changedAt: row["changed_at"], contentHash: present ? row["content_hash"] : nil),
            hostname: row["da_hostname"], username: row["da_username"])
    }

    /// Stores peers' versions, each only if it is still newer than the local one when the
    /// transaction runs (a push that arrived meanwhile stands). One transaction for all.
    public func applyFromPeer(_ peerChanges: [PeerChange], at now: Double) async throws -> [PeerApplyOutcome] {
        let outcomes = try await write { db in
            try peerChanges.map { try Self.applyFromPeer($0, at: now, in: db) }
        }
        if outcomes.contains(where: \.changesBackends) { changes.announce() }
        return outcomes
    }

    static func applyFromPeer(_ change: PeerChange, at now: Double, in db: Database) throws -> PeerApplyOutcome {
        try Self.change(change.domain, in: db) { DesiredStateRules.applyFromPeer(change, over: $0, at: now) }
    }

    /// Removes tombstones whose delete is older than `cutoff` and that every backend has
    /// applied (a backend still due to remove the zone keeps its tombstone), with their
    /// journal entries from before `cutoff`; applied rows go with them (cascade). Returns how
    /// many tombstones were removed.
    @discardableResult
    public func pruneTombstones(olderThan cutoff: Double) async throws -> Int {
        try await write { db in
            let domains = try String.fetchAll(
                db,
                sql: """
                    SELECT z.domain FROM zones z
                    WHERE z.present = 0 AND COALESCE(z.changed_at, z.updated_at) < ?
                      AND NOT EXISTS (SELECT 1 FROM applied a WHERE a.domain = z.domain AND a.applied_generation < z.generation)
                    """,
                arguments: [cutoff])
            for domain in domains {
                try db.execute(sql: "DELETE FROM zones WHERE domain = ? AND present = 0", arguments: [domain])
                try db.execute(sql: "DELETE FROM journal WHERE domain = ? AND at < ?", arguments: [domain, cutoff])
            }
            return domains.count
        }
    }
}
