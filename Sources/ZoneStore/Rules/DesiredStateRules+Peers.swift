extension DesiredStateRules {
    /// A peer's version of a zone, taken over only if it is newer than the stored one (a push
    /// that arrived meanwhile stands). The same content stamped later elsewhere only moves the
    /// change time and the owner; a delete of a zone never held here leaves a tombstone, so the
    /// delete travels on to other peers.
    public static func applyFromPeer(
        _ change: PeerChange, over stored: StoredZoneState?, at now: Double
    ) -> (ZoneChange, PeerApplyOutcome) {
        let present = stored?.present == true
        let localHash = present ? stored?.contentHash : nil
        if let stored, !(stored.version < change.version) { return (.none, .notNewer) }
        let generation = stored?.generation ?? 0
        switch change.content {
        case .sameContent(let hash):
            guard present, localHash == hash else { return (.none, .notNewer) }
            return (adoptMetadata(change, owner: stored?.hostname, generation: generation, at: now), .metadata)
        case .deleted:
            if stored != nil && !present {
                // Already deleted here: take over the later delete time only.
                return (ZoneChange(write: .metadata(domain: change.domain, changedAt: change.version.changedAt, hostname: nil, username: nil)), .metadata)
            }
            let upsert = ZoneUpsert(
                domain: change.domain, generation: generation + 1, content: nil, hostname: change.hostname,
                username: change.username, clientAddress: nil, at: now, changedAt: change.version.changedAt)
            let journal = JournalLine(
                at: now, domain: change.domain, action: "delete", generation: generation + 1, source: ChangeSource.peer.rawValue,
                hostname: change.hostname, username: change.username, detail: "from peer \(change.peer)")
            return (ZoneChange(write: .upsert(upsert), journal: journal), .deleted(generation: generation + 1))
        case .zone(let push):
            if present, localHash == push.contentHash {
                return (adoptMetadata(change, owner: stored?.hostname, generation: generation, at: now), .metadata)
            }
            var held = push
            held.hostname = change.hostname
            held.username = change.username
            held.source = .peer
            let upsert = ZoneUpsert(
                domain: change.domain, generation: generation + 1, content: held, hostname: change.hostname,
                username: change.username, clientAddress: nil, at: now, changedAt: change.version.changedAt)
            let journal = JournalLine(held, action: "save", generation: generation + 1, detail: "from peer \(change.peer)", at: now)
            return (ZoneChange(write: .upsert(upsert), journal: journal), .stored(generation: generation + 1))
        }
    }

    /// The same zone, stamped later elsewhere: no backend work, only the later time and the
    /// owner (an `owner` entry when the owner changes).
    static func adoptMetadata(_ change: PeerChange, owner: String?, generation: Int64, at now: Double) -> ZoneChange {
        var journal: JournalLine?
        if let hostname = change.hostname, owner != hostname {
            journal = JournalLine(
                at: now, domain: change.domain, action: "owner", generation: generation, source: ChangeSource.peer.rawValue,
                hostname: hostname, username: change.username, detail: "owner \(owner ?? "none") -> \(hostname) from peer \(change.peer)")
        }
        return ZoneChange(
            write: .metadata(
                domain: change.domain, changedAt: change.version.changedAt, hostname: change.hostname, username: change.username), journal: journal)
    }
}
