import MariaDB
import ZoneStore

/// Peer sync over the shared `zones` table (as in SQLite): versions offered to peers, peers'
/// newer versions taken over under the zone's row lock, tombstones pruned once every backend of
/// every node has applied them.
extension MariaDBZoneStore {
    public func peerStates() async throws -> [PeerZoneState] {
        try await read { connection in
            try connection.rows("SELECT domain, present, content_hash, changed_at, da_hostname, da_username FROM zones ORDER BY domain")
                .map { row in
                    let present = row.bool(1)
                    return PeerZoneState(
                        domain: try row.required(0, row.string), present: present,
                        version: ZoneVersion(changedAt: try row.required(3, row.double), contentHash: present ? row.string(2) : nil),
                        hostname: row.string(4), username: row.string(5))
                }
        }
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
        let zone = try MariaDBRows.lockZone(change.domain, on: connection)
        let present = zone?.present == true
        let localHash = present ? zone?.contentHash : nil
        if let zone {
            guard ZoneVersion(changedAt: zone.changedAt, contentHash: localHash) < change.version else { return .notNewer }
        }
        let generation = zone?.generation ?? 0
        switch change.content {
        case .sameContent(let hash):
            guard present, localHash == hash else { return .notNewer }
            return try adoptMetadata(change, owner: zone?.hostname, generation: generation, at: now, node: node, on: connection)
        case .deleted:
            if zone != nil && !present {
                // Already deleted here: take over the later delete time only.
                try connection.run("UPDATE zones SET changed_at = ? WHERE domain = ?", [change.version.changedAt, change.domain])
                return .metadata
            }
            try storeTombstone(change, generation: generation + 1, at: now, node: node, on: connection)
            return .deleted(generation: generation + 1)
        case .zone(let push):
            if present, localHash == push.contentHash {
                return try adoptMetadata(change, owner: zone?.hostname, generation: generation, at: now, node: node, on: connection)
            }
            var stored = push
            stored.hostname = change.hostname
            stored.username = change.username
            stored.source = .peer
            try MariaDBRows.upsertZone(
                domain: change.domain, generation: generation + 1, content: stored, hostname: change.hostname,
                username: change.username, clientAddress: nil, at: now, changedAt: change.version.changedAt, on: connection)
            try MariaDBRows.resetAttempts(of: change.domain, on: connection)
            try MariaDBRows.JournalLine(stored, action: "save", generation: generation + 1, detail: "from peer \(change.peer)", at: now)
                .append(node: node, on: connection)
            return .stored(generation: generation + 1)
        }
    }

    /// Deletes the zone, or records a tombstone for a zone never held here (so the delete
    /// travels on to other peers).
    private static func storeTombstone(_ change: PeerChange, generation: Int64, at now: Double, node: String, on connection: MariaDBConnection) throws {
        try MariaDBRows.upsertZone(
            domain: change.domain, generation: generation, content: nil, hostname: change.hostname, username: change.username,
            clientAddress: nil, at: now, changedAt: change.version.changedAt, on: connection)
        try MariaDBRows.resetAttempts(of: change.domain, on: connection)
        try MariaDBRows.JournalLine(
            at: now, domain: change.domain, action: "delete", generation: generation, source: ChangeSource.peer.rawValue,
            hostname: change.hostname, username: change.username, detail: "from peer \(change.peer)"
        ).append(node: node, on: connection)
    }

    /// The same zone, stamped later elsewhere: no backend work, only the later time and the owner.
    private static func adoptMetadata(
        _ change: PeerChange, owner: String?, generation: Int64, at now: Double, node: String, on connection: MariaDBConnection
    ) throws -> PeerApplyOutcome {
        try connection.run(
            """
            UPDATE zones SET changed_at = ?, da_hostname = COALESCE(?, da_hostname), da_username = COALESCE(?, da_username)
            WHERE domain = ?
            """,
            [change.version.changedAt, change.hostname, change.username, change.domain])
        if let hostname = change.hostname, owner != hostname {
            try MariaDBRows.JournalLine(
                at: now, domain: change.domain, action: "owner", generation: generation, source: ChangeSource.peer.rawValue,
                hostname: hostname, username: change.username, detail: "owner \(owner ?? "none") -> \(hostname) from peer \(change.peer)"
            ).append(node: node, on: connection)
        }
        return .metadata
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
