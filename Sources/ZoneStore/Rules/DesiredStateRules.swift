/// The rules of the desired state, once for every store: given the zone's stored state (read in
/// the change's transaction) and an intake, what to write and what to answer. Pure functions;
/// `SQLiteZoneStore` and `MariaDBZoneStore` read the state and carry out the `ZoneChange`.
public enum DesiredStateRules {
    /// A push: a new generation unless the zone is present with the same content and owner
    /// (then only a journal entry, `unchanged`). An owner change is recorded in the entry's detail.
    public static func push(_ push: ZonePush, over stored: StoredZoneState?, at now: Double) -> (ZoneChange, PushOutcome) {
        let oldGeneration = stored?.generation ?? 0
        let wasPresent = stored?.present == true
        let oldOwner = stored?.hostname
        let ownerChanged = wasPresent && oldOwner != nil && push.hostname != nil && oldOwner != push.hostname
        if wasPresent && stored?.contentHash == push.contentHash && !ownerChanged {
            return (
                ZoneChange(journal: JournalLine(push, action: "save", generation: oldGeneration, detail: "unchanged", at: now)),
                PushOutcome(generation: oldGeneration, changed: false, previousOwner: nil))
        }
        let generation = oldGeneration + 1
        let upsert = ZoneUpsert(
            domain: push.domain, generation: generation, content: push, hostname: push.hostname, username: push.username,
            clientAddress: push.clientAddress, at: now, changedAt: changeTime(after: stored?.changedAt, now: now))
        let detail = ownerChanged ? "owner \(oldOwner ?? "?") -> \(push.hostname ?? "?")" : nil
        let previousSerial = wasPresent && stored?.contentHash != push.contentHash ? stored?.serial.map { UInt32(truncatingIfNeeded: $0) } : nil
        return (
            ZoneChange(write: .upsert(upsert), journal: JournalLine(push, action: "save", generation: generation, detail: detail, at: now)),
            PushOutcome(generation: generation, changed: true, previousOwner: ownerChanged ? oldOwner : nil, previousSerial: previousSerial))
    }

    /// A push fetched from DirectAdmin (the reconciler): nil when the zone changed at or after
    /// `since`, because a push or delete that arrived meanwhile is newer than what was fetched.
    public static func pushFetched(
        _ push: ZonePush, unchangedSince since: Double, over stored: StoredZoneState?, at now: Double
    ) -> (ZoneChange, PushOutcome)? {
        if let stored, stored.updatedAt >= since { return nil }
        return Self.push(push, over: stored, at: now)
    }

    /// A delete: a tombstone at a new generation, keeping the owner and serial. A DirectAdmin
    /// delete from a host that does not own the zone is refused and changes nothing (a migrated
    /// account's old server must not remove the zone).
    public static func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource,
        over stored: StoredZoneState?, at now: Double
    ) -> (ZoneChange, DeleteOutcome) {
        guard let stored, stored.present else { return (.none, .notPresent) }
        if let owner = stored.hostname, let hostname, owner != hostname, source == .directAdmin {
            return (.none, .refused(owner: owner))
        }
        let generation = stored.generation + 1
        let upsert = ZoneUpsert(
            domain: domain, generation: generation, content: nil, hostname: stored.hostname, username: stored.username,
            clientAddress: clientAddress, at: now, changedAt: changeTime(after: stored.changedAt, now: now))
        let journal = JournalLine(
            at: now, domain: domain, action: "delete", generation: generation, source: source.rawValue, hostname: hostname,
            username: username, clientAddress: clientAddress)
        return (ZoneChange(write: .upsert(upsert), journal: journal), .deleted(generation: generation))
    }

    /// A delete accepted earlier (the spool forwarding it): nil when the zone changed at or
    /// after `since`, because a change another node accepted meanwhile is newer.
    public static func delete(
        domain: String, hostname: String?, username: String?, clientAddress: String?, source: ChangeSource,
        unchangedSince since: Double, over stored: StoredZoneState?, at now: Double
    ) -> (ZoneChange, DeleteOutcome)? {
        if let stored, stored.updatedAt >= since { return nil }
        return delete(
            domain: domain, hostname: hostname, username: username, clientAddress: clientAddress, source: source, over: stored, at: now)
    }

    /// The reconciler's delete of a zone DirectAdmin no longer lists: only if the zone is still
    /// present at `generation` and owned by `owner` (never overriding a change made after it looked).
    public static func deleteOrphan(
        domain: String, generation: Int64, owner: String, username: String?, over stored: StoredZoneState?, at now: Double
    ) -> (ZoneChange, DeleteOutcome)? {
        guard let stored, stored.present, stored.generation == generation, stored.hostname == owner else { return nil }
        return delete(
            domain: domain, hostname: owner, username: username, clientAddress: nil, source: .reconciler, over: stored, at: now)
    }

    /// A new owner without a new generation (journal action `owner`), only while the zone is
    /// present and owned by `expected`.
    public static func changeOwner(
        domain: String, from expected: String?, to hostname: String, source: ChangeSource, over stored: StoredZoneState?,
        at now: Double
    ) -> (ZoneChange, Bool) {
        guard let stored, stored.present, stored.hostname == expected else { return (.none, false) }
        let journal = JournalLine(
            at: now, domain: domain, action: "owner", generation: stored.generation, source: source.rawValue,
            hostname: hostname, username: stored.username, detail: "owner \(expected ?? "none") -> \(hostname)")
        return (ZoneChange(write: .owner(domain: domain, hostname: hostname), journal: journal), true)
    }

    /// The change time of a change accepted here at `now`: never before the version it replaces,
    /// so a node whose clock is behind a peer's still orders its own new change after what it held.
    public static func changeTime(after previous: Double?, now: Double) -> Double {
        guard let previous, previous >= now else { return now }
        return previous.nextUp
    }
}
