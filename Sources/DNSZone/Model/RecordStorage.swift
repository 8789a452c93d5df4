/// The records of a zone in compact form: interned owner names, one rdata arena, and an array of
/// fixed-size entries. While a zone is read, duplicates may be present; `ZoneBuilder` sorts the
/// entries and removes them.
struct RecordStorage: Sendable {
    var names: NameTable
    private(set) var rdata: [UInt8] = []
    var entries: [RecordEntry] = []

    init(origin: [UInt8], expectedRecords: Int = 16) {
        names = NameTable(origin: origin, expectedCount: expectedRecords)
        entries.reserveCapacity(expectedRecords)
        rdata.reserveCapacity(expectedRecords * 8)
    }

    /// Wire rdata of an entry.
    @inline(__always)
    func rdata(of entry: RecordEntry) -> ArraySlice<UInt8> {
        let start = Int(entry.rdataStart)
        return rdata[start..<(start + Int(entry.rdataLength))]
    }

    /// Appends a record.
    mutating func add(owner: UInt32, type: UInt16, ttl: UInt32, rdata newRdata: [UInt8], line: Int, block: UInt32) {
        entries.append(RecordEntry(
            owner: owner, rdataStart: UInt32(rdata.count), rdataLength: UInt16(newRdata.count),
            type: type, ttl: ttl, line: UInt32(clamping: line), block: block))
        rdata.append(contentsOf: newRdata)
    }

    /// Whether the rdata arena can take `count` more bytes (offsets are 32-bit).
    func canAppend(rdataCount count: Int) -> Bool {
        rdata.count + count < Int(UInt32.max)
    }
}
