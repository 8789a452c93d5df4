import DNSZone

/// An RRset's place in a zone: owner (absolute, lower case) and type mnemonic.
struct PowerDNSRRsetKey: Hashable, Comparable, Sendable {
    var name: String
    var type: String

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.name, lhs.type) < (rhs.name, rhs.type) }
}

/// An RRset's TTL and record contents (presentation form, absolute names), in the zone's order.
struct PowerDNSRRsetValue: Sendable {
    var ttl: UInt32
    var contents: [String]

    /// Same TTL and the same records, in any order.
    func sameAs(_ other: Self) -> Bool { ttl == other.ttl && Set(contents) == Set(other.contents) }
}

/// A zone as PowerDNS holds it: RRsets with one TTL each. Records of one RRset with different
/// TTLs all get the TTL of the RRset's first record in the canonical text — what BIND serves
/// from the same file ("TTL set to prior TTL").
struct PowerDNSZoneContent: Sendable {
    var rrsets: [PowerDNSRRsetKey: PowerDNSRRsetValue] = [:]
    /// RRsets whose records came with different TTLs.
    var mixedTTLs: [PowerDNSRRsetKey] = []

    init(_ zone: Zone) {
        for record in zone.records {
            let key = PowerDNSRRsetKey(name: record.owner.text.lowercased(), type: record.type.mnemonic)
            let content = record.rdataText
            if var value = rrsets[key] {
                if value.ttl != record.ttl && !mixedTTLs.contains(key) { mixedTTLs.append(key) }
                value.contents.append(content)
                rrsets[key] = value
            } else {
                rrsets[key] = PowerDNSRRsetValue(ttl: record.ttl, contents: [content])
            }
        }
    }

    /// The content of a zone's canonical text.
    init(domain: String, zoneText: String) throws {
        self.init(try ZoneParser.parse(zoneText, origin: DNSName(PowerDNSZoneID.absolute(domain))))
    }

    /// What PowerDNS serves of its RRsets (disabled records left out), read through the zone
    /// parser so that it compares with ours whatever presentation PowerDNS prints; as PowerDNS
    /// wrote it when that does not parse (then anything it writes differently counts as changed).
    init(served: [PowerDNSRRset], domain: String) {
        var text = ""
        var raw: [PowerDNSRRsetKey: PowerDNSRRsetValue] = [:]
        for rrset in served {
            let contents = (rrset.records ?? []).filter { !$0.disabled }.map(\.content)
            guard !contents.isEmpty else { continue }
            let ttl = rrset.ttl ?? 0
            raw[PowerDNSRRsetKey(name: rrset.name.lowercased(), type: rrset.type.uppercased())] = PowerDNSRRsetValue(
                ttl: ttl, contents: contents)
            for content in contents { text += "\(rrset.name) \(ttl) IN \(rrset.type) \(content)\n" }
        }
        if let parsed = try? PowerDNSZoneContent(domain: domain, zoneText: text), parsed.rrsets.count == raw.count {
            self = parsed
        } else {
            rrsets = raw
        }
    }

    /// The RRsets for `POST /zones`, in order.
    var apiRRsets: [PowerDNSRRset] {
        rrsets.keys.sorted().map { key in Self.rrset(key, rrsets[key], changetype: nil) }
    }

    /// The changes that turn `current` into this content: REPLACE for new or changed RRsets,
    /// DELETE for those that vanished. Empty when nothing differs.
    func patch(from current: PowerDNSZoneContent) -> [PowerDNSRRset] {
        var changes: [PowerDNSRRset] = []
        for key in rrsets.keys.sorted() {
            guard let wanted = rrsets[key] else { continue }
            if let held = current.rrsets[key], held.sameAs(wanted) { continue }
            changes.append(Self.rrset(key, wanted, changetype: "REPLACE"))
        }
        for key in current.rrsets.keys.sorted() where rrsets[key] == nil {
            changes.append(PowerDNSRRset(name: key.name, type: key.type, changetype: "DELETE"))
        }
        return changes
    }

    /// Whether PowerDNS serves exactly this content.
    func matches(_ served: PowerDNSZoneContent) -> Bool { patch(from: served).isEmpty }

    private static func rrset(_ key: PowerDNSRRsetKey, _ value: PowerDNSRRsetValue?, changetype: String?) -> PowerDNSRRset {
        PowerDNSRRset(
            name: key.name, type: key.type, ttl: value?.ttl, changetype: changetype,
            records: (value?.contents ?? []).map { PowerDNSRecord(content: $0) })
    }
}
