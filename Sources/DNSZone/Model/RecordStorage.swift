/// The records of a zone in compact form: interned owner names, one rdata arena, and an array of
/// fixed-size entries. While a zone is read, duplicates may be present; `ZoneBuilder` sorts the
/// entries and removes them.
struct RecordStorage: Sendable {
    var names: NameTable
    private(set) var rdata: [UInt8] = []
    var entries: [RecordEntry] = []

    /// `inputSize`: size of the master file, to reserve the arenas once. Large reservations
    /// cost address space, not memory: pages are only resident once written.
    init(origin: [UInt8], inputSize: Int = 0) {
        let records = inputSize / 16 + 16
        names = NameTable(origin: origin, expectedCount: records, expectedBytes: inputSize / 2 + 64)
        entries.reserveCapacity(records)
        rdata.reserveCapacity(inputSize / 2 + 64)
        HugePages.advise(&entries)
        HugePages.advise(&rdata)
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

    /// Moves the records of `other` (read from the text that follows this storage's) to the end
    /// of this one, shifting its name ids, rdata offsets, lines and TTL blocks. `other` is
    /// emptied array by array as it goes, so at most one of its arrays exists twice.
    mutating func append(moving other: inout RecordStorage, lineOffset: UInt32, blockOffset: UInt32) {
        let nameOffset = UInt32(names.count)
        let rdataOffset = UInt32(rdata.count)
        entries.append(contentsOf: other.entries.lazy.map { entry in
            var shifted = entry
            shifted.owner += nameOffset
            shifted.rdataStart += rdataOffset
            shifted.line += lineOffset
            shifted.block += blockOffset
            return shifted
        })
        other.entries = []
        rdata.append(contentsOf: other.rdata)
        other.rdata = []
        names.append(contentsOf: other.names)
        other.names = NameTable(origin: other.names.origin)
    }

    /// Whether the rdata arena can take `count` more bytes (offsets are 32-bit).
    func canAppend(rdataCount count: Int) -> Bool {
        rdata.count + count < Int(UInt32.max)
    }
}
