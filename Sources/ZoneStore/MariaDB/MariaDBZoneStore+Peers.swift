import MariaDB

/// Peer sync over the shared `zones` table (as in SQLite): versions offered to peers, peers'
/// newer versions taken over under the zone's row lock, tombstones pruned once every backend of
/// every node has applied them.
extension MariaDBZoneStore {
    public func peerStates() async throws -> [PeerZoneState] {
        try await read { connection in
            try connection.rows("SELECT \(Self.peerStateColumns) FROM zones ORDER BY domain").map(Self.peerState)
        }
    }

    public func peerStatePage(after afterDomain: String, limit: Int) async throws -> [PeerZoneState] {
        try await read { connection in
            try connection.rows("SELECT \(Self.peerStateColumns) FROM zones WHERE domain > ? ORDER BY domain LIMIT ?", [afterDomain, limit])
                .map(Self.peerState)
        }
    }

    static let peerStateColumns = "domain, present, content_hash, changed_at, da_hostname, da_username"

    /// A row of `peerStateColumns` as a peer sees it.
    static func peerState(_ row: SQLRow) throws -> PeerZoneState {
        let present = row.bool(1)
        return PeerZoneState(
            domain: try row.required(0, row.string), present: present,
            version: ZoneVersion(changedAt: try row.required(3, row.double), contentHash: present ? row.string(2) : nil),
            hostname: row.string(4), username: row.string(5))
    }

    public func applyFromPeer(_ peerChanges: [PeerChange], at now: Double) async throws -> [PeerApplyOutcome] {
        let node = nodeName
        let outcomes = try await write { connection in
            try peerChanges.map { try Self.applyFromPeer($0, at: now, node: node, on: connection) }
        }
        if outcomes.contains(where: \.changesBackends) { changes.announce() }
        return outcomes
    }

    static func applyFromPeer(_ change: PeerChange, at now: Double, node: String, on connection: MariaDBConnection) throws -> PeerApplyOutcome {
        try MariaDBRows.change(change.domain, node: node, on: connection) { DesiredStateRules.applyFromPeer(change, over: $0, at: now) }
    }

    /// Removes tombstones older than `cutoff` that every backend of every node has applied,
    /// with their journal entries from before `cutoff` and their applied rows.
    @discardableResult
    public func pruneTombstones(olderThan cutoff: Double) async throws -> Int {
        try await write { connection in
            let domains = try connection.rows(
                """
                SELECT z.domain FROM zones z
                WHERE z.present = 0 AND z.changed_at < ?
                  AND NOT EXISTS (SELECT 1 FROM applied a WHERE a.domain = z.domain AND a.applied_generation < z.generation)
                FOR UPDATE
                """,
                [cutoff]
            ).compactMap { $0.string(0) }
            for domain in domains {
                try connection.run("DELETE FROM zones WHERE domain = ? AND present = 0", [domain])
                try connection.run("DELETE FROM applied WHERE domain = ?", [domain])
                try connection.run("DELETE FROM journal WHERE domain = ? AND at < ?", [domain, cutoff])
            }
            return domains.count
        }
    }
}
