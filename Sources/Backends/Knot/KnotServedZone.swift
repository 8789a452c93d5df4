import DNSZone

/// What Knot serves, as `knotc zone-read` prints it (`[zone.] owner TTL TYPE data` a line),
/// compared with the desired zone text.
enum KnotServedZone {
    /// The output split by zone (name without the final dot): each zone's lines without the
    /// `[zone.] ` prefix, as master-file text.
    static func split(_ output: String) -> [String: String] {
        var zones: [String: [Substring]] = [:]
        for line in output.split(whereSeparator: \.isNewline) where line.hasPrefix("[") {
            guard let close = line.firstIndex(of: "]") else { continue }
            let zone = KnotControlOutput.normalized(line[line.index(after: line.startIndex)..<close])
            zones[zone, default: []].append(line[line.index(after: close)...].drop { $0 == " " })
        }
        return zones.mapValues { $0.joined(separator: "\n") + "\n" }
    }

    /// Whether the served records are the desired ones: the same owners, types and data (TTLs
    /// aside: Knot keeps one TTL per RRset). Records of types the desired zone does not have at
    /// all and Knot adds by itself when it signs (RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY, CDS,
    /// CDNSKEY) are left out; text that does not parse never matches.
    static func matches(domain: String, desired: String, served: String) -> Bool {
        guard let origin = try? DNSName(domain + "."),
              let wanted = try? ZoneParser.parse(desired, origin: origin),
              let held = try? ZoneParser.parse(served, origin: origin)
        else { return false }
        let wantedRecords = Set(wanted.records.map(withoutTTL))
        let wantedTypes = Set(wantedRecords.map(\.type))
        let heldRecords = Set(held.records.map(withoutTTL).filter { wantedTypes.contains($0.type) || !signingTypes.contains($0.type) })
        return wantedRecords == heldRecords
    }

    private static let signingTypes: Set<RRType> = [.rrsig, .nsec, .nsec3, .nsec3param, .dnskey, .cds, .cdnskey]

    private static func withoutTTL(_ record: ResourceRecord) -> ResourceRecord {
        var record = record
        record.ttl = 0
        return record
    }
}
