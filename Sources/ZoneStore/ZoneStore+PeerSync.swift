import GRDB

/// One zone as this node offers it to peers: present or a tombstone, with its version and owner.
public struct PeerZoneState: Sendable, Equatable {
    public var domain: String
    public var present: Bool
    public var version: ZoneVersion
    public var hostname: String?
    public var username: String?
}

/// A newer version of a zone learned from a peer, to be stored through `applyFromPeer`.
public struct PeerChange: Sendable {
    /// What the peer holds.
    public enum Content: Sendable {
        /// A zone, validated (source `peer`).
        case zone(ZonePush)
        /// The zone with this hash, which this node holds already (its text was not fetched).
        case sameContent(hash: String)
        /// A tombstone: the zone was deleted at the version's time.
        case deleted
    }

    public var domain: String
    public var version: ZoneVersion
    public var content: Content
    /// The DirectAdmin owner the peer recorded.
    public var hostname: String?
    public var username: String?
    /// The peer's URL, kept in the journal's detail.
    public var peer: String

    public init(domain: String, version: ZoneVersion, content: Content, hostname: String?, username: String?, peer: String) {
        self.domain = domain
        self.version = version
        self.content = content
        self.hostname = hostname
        self.username = username
        self.peer = peer
    }
}

/// What storing a peer's version did.
public enum PeerApplyOutcome: Sendable, Equatable {
    /// The zone was stored at a new generation (backends have work).
    case stored(generation: Int64)
    /// The zone is now deleted at a new generation (or recorded as a tombstone).
    case deleted(generation: Int64)
    /// Same state already held: only the change time (and owner) were taken over.
    case metadata
    /// The local version is as new or newer (a change arrived meanwhile): nothing changed.
    case notNewer
}

extension ZoneStore {
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
    public func applyFromPeer(_ changes: [PeerChange], at now: Double) async throws -> [PeerApplyOutcome] {
        try await write { db in
            try changes.map { try Self.applyFromPeer($0, at: now, in: db) }
        }
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
        try db.execute(
            sql: """
                INSERT INTO zones (domain, generation, present, zone_text, record_count, content_hash, serial,
                                   da_hostname, da_username, client_address, created_at, updated_at, changed_at)
                VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
                ON CONFLICT(domain) DO UPDATE SET
                    generation = excluded.generation, present = 1, zone_text = excluded.zone_text,
                    record_count = excluded.record_count, content_hash = excluded.content_hash,
                    serial = excluded.serial,
                    da_hostname = COALESCE(excluded.da_hostname, zones.da_hostname),
                    da_username = COALESCE(excluded.da_username, zones.da_username),
                    client_address = NULL, updated_at = excluded.updated_at, changed_at = excluded.changed_at
                """,
            arguments: [
                change.domain, generation, push.canonicalText, push.recordCount, push.contentHash,
                push.serial.map { Int64($0) }, change.hostname, change.username, now, now, change.version.changedAt,
            ])
        try resetAttempts(db, domain: change.domain)
        var journalled = push
        journalled.hostname = change.hostname
        journalled.username = change.username
        journalled.source = .peer
        try journal(db, push: journalled, action: "save", generation: generation, detail: "from peer \(change.peer)", at: now)
    }

    /// Deletes the zone, or records a tombstone for a zone never held here (so the delete
    /// travels on to other peers).
    private static func storeTombstone(_ change: PeerChange, generation: Int64, at now: Double, in db: Database) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO zones (domain, generation, present, record_count, da_hostname, da_username,
                                   created_at, updated_at, changed_at)
                VALUES (?, ?, 0, 0, ?, ?, ?, ?, ?)
                ON CONFLICT(domain) DO UPDATE SET
                    generation = excluded.generation, present = 0, zone_text = NULL, record_count = 0,
                    content_hash = NULL, client_address = NULL, updated_at = excluded.updated_at,
                    changed_at = excluded.changed_at
                """,
            arguments: [change.domain, generation, change.hostname, change.username, now, now, change.version.changedAt])
        try resetAttempts(db, domain: change.domain)
        try db.execute(
            sql: """
                INSERT INTO journal (at, domain, action, generation, source, da_hostname, da_username, detail)
                VALUES (?, ?, 'delete', ?, 'peer', ?, ?, ?)
                """,
            arguments: [now, change.domain, generation, change.hostname, change.username, "from peer \(change.peer)"])
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
            try db.execute(
                sql: """
                    INSERT INTO journal (at, domain, action, generation, source, da_hostname, da_username, detail)
                    VALUES (?, ?, 'owner', ?, 'peer', ?, ?, ?)
                    """,
                arguments: [
                    now, change.domain, generation, hostname, change.username,
                    "owner \(owner ?? "none") -> \(hostname) from peer \(change.peer)",
                ])
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
