/// A parsed and validated zone: its origin and its distinct records in canonical order
/// (DNSSEC name order, SOA first at the apex, then by type and rdata).
public struct Zone: Sendable {
    /// The zone apex.
    public let origin: DNSName
    /// What the parser noticed but accepted.
    public internal(set) var warnings: [ZoneWarning]
    var storage: RecordStorage

    init(origin: DNSName, storage: RecordStorage, warnings: [ZoneWarning]) {
        self.origin = origin
        self.storage = storage
        self.warnings = warnings
    }

    /// Builds and validates a zone from records (duplicates collapse, order does not matter).
    public init(origin: DNSName, records: some Sequence<ResourceRecord>) throws(ZoneError) {
        var builder = ZoneBuilder(origin: origin)
        for record in records {
            builder.add(owner: record.owner.wire, type: record.type.rawValue, ttl: record.ttl, rdata: record.rdata, line: 0)
        }
        self = try builder.finish()
    }

    /// Number of distinct records: what backends are verified against.
    public var recordCount: Int { storage.entries.count }

    /// The records in canonical order.
    public var records: ZoneRecords { ZoneRecords(storage: storage) }

    /// The SOA serial, if the zone has its SOA (every validated zone does).
    public var serial: UInt32? {
        for entry in storage.entries where entry.type == RRType.soa.rawValue {
            let rdata = storage.rdata(of: entry)
            guard let mnameLength = DNSNameText.wireLength(rdata, from: rdata.startIndex),
                let rnameLength = DNSNameText.wireLength(rdata, from: rdata.startIndex + mnameLength)
            else { return nil }
            let start = rdata.startIndex + mnameLength + rnameLength
            return rdata[start..<(start + 4)].reduce(0) { $0 << 8 | UInt32($1) }
        }
        return nil
    }
}

extension Zone: Equatable {
    /// Two zones are equal when they have the same origin and the same records (TTL included).
    public static func == (lhs: Zone, rhs: Zone) -> Bool {
        lhs.origin == rhs.origin && lhs.records.elementsEqual(rhs.records)
    }
}

/// The records of a zone, materialized one at a time from the compact storage.
public struct ZoneRecords: RandomAccessCollection, Sendable {
    let storage: RecordStorage

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.entries.count }

    public subscript(position: Int) -> ResourceRecord {
        let entry = storage.entries[position]
        return ResourceRecord(
            owner: storage.names.name(entry.owner), type: RRType(rawValue: entry.type), ttl: entry.ttl,
            rdata: Array(storage.rdata(of: entry)))
    }

    /// The source line of the record at `position` (0 when it did not come from text).
    public func line(at position: Int) -> Int { Int(storage.entries[position].line) }
}
