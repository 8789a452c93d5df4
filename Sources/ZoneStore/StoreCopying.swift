/// Bulk reads and writes of whole rows, for `dadns store copy`: a node's store moved from one
/// implementation to another (SQLite ↔ MariaDB) with its generations, journal and applied state
/// as they are, rather than replayed as new changes. Every write is idempotent, so a copy that
/// was interrupted is finished by running it again.
public protocol StoreCopying: ZoneStore {
    /// Whole zone rows (present and tombstones) in domain order, one page after `afterDomain`.
    func exportZones(after afterDomain: String, limit: Int) async throws -> [StoredZone]
    /// This node's applied state of `domains`, by domain then backend.
    func exportApplied(domains: [String]) async throws -> [StoredApplied]
    /// The journal entries of the next `domainLimit` domains after `afterDomain` that have any,
    /// by domain, each domain's entries oldest first.
    func exportJournal(afterDomain: String, domainLimit: Int) async throws -> [JournalLine]
    /// Every zone's version in brief, in domain order, one page after `afterDomain`.
    func zoneVersions(after afterDomain: String, limit: Int) async throws -> [StoredZoneVersion]
    /// The versions of those of `domains` the store has.
    func zoneVersions(of domains: [String]) async throws -> [String: StoredZoneVersion]
    /// Rows per table (the applied state: this node's).
    func copyCounts() async throws -> StoreCounts
    /// Writes `zones` as they are, each as `StoreCopyRule` decides against the zone stored here,
    /// and `applied` (rows already here stand), in one transaction.
    func importZones(_ zones: [StoredZone], applied: [StoredApplied], force: Bool, at now: Double) async throws -> ZoneImportOutcome
    /// Appends the entries not already here (same `JournalLine.key`, counted), in their
    /// order, in one transaction. Returns how many were appended.
    func importJournal(_ entries: [JournalLine]) async throws -> Int
    /// The kept versions (zone history) of `domains`, by domain then generation.
    func exportHistory(domains: [String]) async throws -> [ZoneHistoryVersion]
    /// Adds the versions not already here (same domain and generation: the one here stands),
    /// in one transaction. Returns how many were added.
    func importHistory(_ versions: [ZoneHistoryVersion]) async throws -> Int
}

/// A zone's version in brief: what a copy compares and verifies.
public struct StoredZoneVersion: Sendable, Equatable {
    public var domain: String
    public var generation: Int64
    public var present: Bool
    /// Nil for a tombstone.
    public var contentHash: String?

    /// Same presence and content, whatever the generation.
    public func hasSameContent(as other: StoredZoneVersion) -> Bool {
        present == other.present && (present ? contentHash == other.contentHash : true)
    }
}

/// One backend's applied state of one zone on this node.
public struct StoredApplied: Sendable, Equatable {
    public var backend: String
    public var domain: String
    public var appliedGeneration: Int64
    public var appliedHash: String?
    /// `pending`, `ok`, `retrying` or `failed`.
    public var status: String
    public var attempts: Int
    public var nextAttemptAt: Double?
    public var lastAttemptAt: Double?
    public var lastError: String?
    public var lastVerifiedAt: Double?
}

/// A journal entry as stored and copied (without its row id, which each store numbers itself).
extension JournalLine {
    /// What makes an entry the same entry in two stores: its zone, time (to the microsecond,
    /// as both stores keep it), action, generation and source.
    public var key: Key { Key(domain: domain, microseconds: Int64((at * 1_000_000).rounded()), action: action, generation: generation, source: source) }

    public struct Key: Hashable, Sendable {
        var domain: String
        var microseconds: Int64
        var action: String
        var generation: Int64
        var source: String
    }

    /// Of `entries`, those not already among `existing` (each existing entry matches one).
    public static func missing(_ entries: [JournalLine], existing: [JournalLine]) -> [JournalLine] {
        var held: [Key: Int] = [:]
        for entry in existing { held[entry.key, default: 0] += 1 }
        return entries.filter { entry in
            guard let count = held[entry.key], count > 0 else { return true }
            held[entry.key] = count - 1
            return false
        }
    }
}

/// Rows per table of a store.
public struct StoreCounts: Sendable, Equatable {
    public var presentZones: Int
    public var tombstones: Int
    public var journalEntries: Int
    /// This node's applied state.
    public var appliedRows: Int
    /// Kept versions of zone texts (`zone_history`).
    public var historyVersions: Int = 0
}

/// What `importZones` did with each zone of a batch.
public struct ZoneImportOutcome: Sendable, Equatable {
    /// Written as they were (new here, or replacing an older generation).
    public var written: [String] = []
    /// Already here at the same version, or with the same content at a later generation.
    public var unchanged: [String] = []
    /// Written with `force` over a different version at the same or a later generation: the
    /// generation each now has (one above the one it replaced).
    public var forced: [String: Int64] = [:]
    /// Not written: here at the same or a later generation with other content (without `force`).
    public var refused: [String] = []

    public init() {}
}

/// How a copied zone meets the version a store already has. Generations order the versions of
/// one zone in one store's lineage (a store copied from another continues its numbering), so
/// a higher generation here means this store saw changes the copy's source never did.
public enum StoreCopyRule: Equatable, Sendable {
    /// Not here: written as it is.
    case insert
    /// Here at an older generation: replaced, generation and all.
    case replace
    /// Here at the same version, or with the same content at a later generation: left alone.
    case unchanged
    /// Here at the same or a later generation with other content: written only with `force`,
    /// then at one generation above the one here, so every backend applies it as a change.
    case conflict

    public static func decide(copying source: StoredZoneVersion, over target: StoredZoneVersion?) -> StoreCopyRule {
        guard let target else { return .insert }
        if target.generation < source.generation { return .replace }
        return target.hasSameContent(as: source) ? .unchanged : .conflict
    }
}

extension StoreCopyRule {
    /// The version of a zone a store already has, and its change time.
    public typealias Existing = (version: StoredZoneVersion, changedAt: Double)

    /// Runs the rule over one batch inside a store's open transaction: `existing` reads (and,
    /// where the store locks, locks) the zone stored there, `write` writes a row whole, with
    /// `replacing` true when a row was there, and `append` adds a journal entry (a forced
    /// write is a change made here, and is recorded as one: other nodes following the
    /// journal notice it, and the zone's history says where its generation came from).
    public static func importBatch(
        _ zones: [StoredZone], force: Bool, at now: Double, existing: (String) throws -> Existing?,
        write: (StoredZone, _ replacing: Bool) throws -> Void, append: (JournalLine) throws -> Void
    ) throws -> ZoneImportOutcome {
        var outcome = ZoneImportOutcome()
        for zone in zones {
            let stored = try existing(zone.domain)
            switch decide(copying: zone.version, over: stored?.version) {
            case .insert, .replace:
                try write(zone, stored != nil)
                outcome.written.append(zone.domain)
            case .unchanged:
                outcome.unchanged.append(zone.domain)
            case .conflict:
                guard force, let stored else {
                    outcome.refused.append(zone.domain)
                    continue
                }
                // A new change here: above the generation and the change time this store has.
                var forced = zone
                forced.generation = stored.version.generation + 1
                forced.updatedAt = now
                forced.changedAt = stored.changedAt >= now ? stored.changedAt.nextUp : now
                try write(forced, true)
                try append(JournalLine(
                    at: now, domain: zone.domain, action: zone.present ? "save" : "delete", generation: forced.generation,
                    source: ChangeSource.operatorCLI.rawValue, hostname: zone.hostname, username: zone.username, clientAddress: nil,
                    contentHash: zone.contentHash,
                    detail: "store copy --force over generation \(stored.version.generation)"))
                outcome.forced[zone.domain] = forced.generation
            }
        }
        return outcome
    }
}
