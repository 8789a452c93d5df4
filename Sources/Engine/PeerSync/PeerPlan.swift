import ZoneStore

/// What a peer's listing means for this node: the entries newer than what the store holds,
/// split into those stored straight away (tombstones, same content) and those whose text must
/// be fetched, plus the entries refused.
struct PeerPlan {
    var direct: [PeerChange] = []
    var fetch: [PeerEntry] = []
    var rejected: [String] = []

    static func make(
        listing: [PeerZoneListingEntry], locals: [String: PeerZoneState], now: Double, tombstoneCutoff: Double, peer: String
    ) -> PeerPlan {
        var plan = PeerPlan()
        var seen = Set<String>()
        for raw in listing {
            let entry: PeerEntry
            switch PeerInput.check(raw, now: now) {
            case .rejected(let reason):
                plan.rejected.append(reason)
                continue
            case .accepted(let checked): entry = checked
            }
            guard seen.insert(entry.domain).inserted else {
                plan.rejected.append("\(entry.domain): listed twice")
                continue
            }
            let local = locals[entry.domain]
            if entry.deleted {
                if let local {
                    guard local.version < entry.version else { continue }
                } else if entry.changedAt < tombstoneCutoff {
                    continue  // expired: peers forget it too
                }
                plan.direct.append(PeerChange(
                    domain: entry.domain, version: entry.version, content: .deleted, hostname: entry.hostname,
                    username: entry.username, peer: peer))
            } else if let hash = entry.contentHash {
                if let local, !(local.version < entry.version) { continue }
                if let local, local.present, local.version.contentHash == hash {
                    plan.direct.append(PeerChange(
                        domain: entry.domain, version: entry.version, content: .sameContent(hash: hash), hostname: entry.hostname,
                        username: entry.username, peer: peer))
                } else {
                    plan.fetch.append(entry)
                }
            } else {
                // A peer that lists no hash (a reference node): newer by time alone.
                if let local, local.version.changedAt >= entry.changedAt { continue }
                plan.fetch.append(entry)
            }
        }
        return plan
    }
}
