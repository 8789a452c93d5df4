import GRDB

/// Peer sync over the `zones` table: versions offered to peers, peers' newer versions taken
/// over, and tombstones (deleted zones kept so the delete travels to every peer) pruned.
extension SQLiteZoneStore {
    /// Every zone this node knows, present or tombstone, with its version, in domain order.
    public func peerStates() async throws -> [PeerZoneState] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT domain, present, content_hash, COALESCE(changed_at, updated_at) AS changed_at,
                           da_hostname, da_username
                    FROM zones ORDER BY domain
                    """
            ).map { row in
                let present = (row["present"] as Int64?) == 1
                return PeerZoneState(
                    domain: row["domain"], present: present,
                    version: ZoneVersion(changedAt: row["changed_at"], contentHash: present ? row["content_hash"] : nil),
                    hostname: row["da_hostname"], username: row["da_username"])
            }
        }
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
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT generation, present, content_hash, COALESCE(changed_at, updated_at) AS changed_at, da_hostname
                FROM zones WHERE domain = ?
                """,
            arguments: [change.domain])
        let present = (row?["present"] as Int64?) == 1
        let localHash: String? = present ? row?["content_hash"] : nil
        if let row {
            let local = ZoneVersion(changedAt: row["changed_at"], contentHash: localHash)
            guard local < change.version else { return .notNewer }
        }
        let generation: Int64 = row?["generation"] ?? 0
        switch change.content {
        case .sameContent(let hash):
            guard present, localHash == hash else { return .notNewer }
            return try adoptMetadata(change, owner: row?["da_hostname"], generation: generation, at: now, in: db)
        case .deleted:
            if row != nil && !present {
                // Already deleted here: take over the later delete time only.
                try db.execute(sql: "UPDATE zones SET changed_at = ? WHERE domain = ?", arguments: [change.version.changedAt, change.domain])
                return .metadata
            }
            return .deleted(generation: try storeTombstone(change, generation: generation + 1, at: now, in: db))
        case .zone(let push):
            if present, localHash == push.contentHash {
                return try adoptMetadata(change, owner: row?["da_hostname"], generation: generation, at: now, in: db)
            }
            try storeZone(change, push: push, generation: generation + 1, at: now, in: db)
            return .stored(generation: generation + 1)
        }
    }

    private static func storeZone(_ change: PeerChange, push: ZonePush, generation: Int64, at now: Double, in db: Database) throws {
        var stored = push
        stored.hostname = change.hostname
        stored.username = change.username
        stored.source = .peer
        try ZoneRecord.upsert(
            domain: change.domain, generation: generation, content: stored, hostname: change.hostname, username: change.username,
            clientAddress: nil, at: now, changedAt: change.version.changedAt, in: db)
        try AppliedRecord.resetAttempts(of: change.domain, in: db)
        try journal(stored, action: "save", generation: generation, detail: "from peer \(change.peer)", at: now).append(in: db)
    }

    /// Deletes the zone, or records a tombstone for a zone never held here (so the delete
    /// travels on to other peers).
    private static func storeTombstone(_ change: PeerChange, generation: Int64, at now: Double, in db: Database) throws -> Int64 {
        try ZoneRecord.upsert(
            domain: change.domain, generation: generation, content: nil, hostname: change.hostname, username: change.username,
            clientAddress: nil, at: now, changedAt: change.version.changedAt, in: db)
        try AppliedRecord.resetAttempts(of: change.domain, in: db)
        try JournalRecord(
            at: now, domain: change.domain, action: "delete", generation: generation, source: ChangeSource.peer.rawValue,
            hostname: change.hostname, username: change.username, detail: "from peer \(change.peer)"
        ).append(in: db)
        return generation
    }

    /// The same zone, stamped later elsewhere: no backend work, only the later time and the owner.
    private static func adoptMetadata(
        _ change: PeerChange, owner: String?, generation: Int64, at now: Double, in db: Database
    ) throws -> PeerApplyOutcome {
        try db.execute(
            sql: """
                UPDATE zones SET changed_at = ?, da_hostname = COALESCE(?, da_hostname),
                    da_username = COALESCE(?, da_username) WHERE domain = ?
                """,
            arguments: [change.version.changedAt, change.hostname, change.username, change.domain])
        if let hostname = change.hostname, owner != hostname {
            try JournalRecord(
                at: now, domain: change.domain, action: "owner", generation: generation, source: ChangeSource.peer.rawValue,
                hostname: hostname, username: change.username,
                detail: "owner \(owner ?? "none") -> \(hostname) from peer \(change.peer)"
            ).append(in: db)
        }
        return .metadata
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
