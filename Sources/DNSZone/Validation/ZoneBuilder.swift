/// Collects records while a zone is read, then sorts, normalizes and validates them.
struct ZoneBuilder {
    let origin: DNSName
    private(set) var storage: RecordStorage
    private(set) var warnings: [ZoneWarning] = []
    private var suppressedWarnings = 0
    /// Records dropped because their owner lies outside the zone.
    private var outOfZoneRecords = 0
    private var block: UInt32 = 0
    /// Owner of the previous record added as values (for the TTL block rule).
    private var lastOwnerWire: [UInt8] = []
    private var nextLine = 1

    /// At most this many warnings are kept; the rest are counted in one summary line.
    static let warningLimit = 1000

    init(origin: DNSName, inputSize: Int = 0) {
        self.origin = origin
        storage = RecordStorage(origin: origin.wire, inputSize: inputSize)
    }

    mutating func warn(line: Int, _ message: String) {
        if warnings.count < Self.warningLimit {
            warnings.append(ZoneWarning(line: line, message: message))
        } else {
            suppressedWarnings += 1
        }
    }

    mutating func warnOutOfZone(line: Int) {
        outOfZoneRecords += 1
        warn(line: line, "ignoring out-of-zone data (the owner is not within \(origin.text))")
    }

    /// The id of an owner name, or nil when the name lies outside the zone.
    mutating func ownerID(_ wire: [UInt8]) -> UInt32? {
        guard DNSNameText.isSubdomain(wire[...], of: origin.wire[...]) else { return nil }
        return storage.names.append(wire)
    }

    func canAdd(rdataCount: Int) -> Bool { storage.canAppend(rdataCount: rdataCount) }

    /// Adds a record. `startsBlock`: the owner differs (even only in case) from the previous
    /// record's, which matters for BIND's TTL rule.
    mutating func add(ownerID: UInt32, type: UInt16, ttl: UInt32, rdata: [UInt8], line: Int, startsBlock: Bool) {
        if startsBlock {
            block += 1
        }
        storage.add(owner: ownerID, type: type, ttl: ttl, rdata: rdata, line: line, block: block)
    }

    /// Adds a record given as values (not text); records outside the zone are dropped with a warning.
    mutating func add(owner: [UInt8], type: UInt16, ttl: UInt32, rdata: [UInt8], line: Int) {
        let position = line > 0 ? line : nextLine
        nextLine += 1
        guard let id = ownerID(owner) else {
            warnOutOfZone(line: position)
            return
        }
        add(ownerID: id, type: type, ttl: ttl, rdata: rdata, line: position, startsBlock: owner != lastOwnerWire)
        lastOwnerWire = owner
    }

    /// Takes over the records and warnings of `other`, which read the text that follows this
    /// builder's: its lines start after `lines` lines, and `continuesBlock` says its first
    /// record has the same owner (as written) as this builder's last one.
    mutating func append(moving other: inout ZoneBuilder, lineOffset: Int, continuesBlock: Bool) {
        let blockOffset = continuesBlock ? block - 1 : block
        storage.append(moving: &other.storage, lineOffset: UInt32(lineOffset), blockOffset: blockOffset)
        block += other.block - (continuesBlock ? 1 : 0)
        for warning in other.warnings {
            warn(line: warning.line + lineOffset, warning.message)
        }
        suppressedWarnings += other.suppressedWarnings
        outOfZoneRecords += other.outOfZoneRecords
    }

    /// Sorts into canonical order, removes duplicates, gives each RRset one TTL as BIND does, and
    /// runs the checks.
    mutating func finish() throws(ZoneError) -> Zone {
        // Every record dropped: say that, rather than the missing SOA it leads to (a zone
        // sent under the wrong `domain`).
        if storage.entries.isEmpty, outOfZoneRecords > 0 {
            let records = outOfZoneRecords == 1 ? "the 1 record lies" : "the \(outOfZoneRecords) records lie"
            throw ZoneError(line: 0, reason: "none of \(records) in \(origin.text)")
        }
        let remap = storage.names.finalize()
        storage.entries.withUnsafeMutableBufferPointer { entries in
            for index in entries.indices { entries[index].owner = remap[Int(entries[index].owner)] }
        }
        CanonicalOrder.sort(&storage.entries, nameCount: storage.names.count, rdata: storage.rdata)
        unifyRRsets()
        do {
            try ZoneValidator(origin: origin, storage: storage).validate(warn: { warn(line: $0, $1) })
        } catch where outOfZoneRecords > 0 {
            // A missing SOA or NS is often the apex written for another domain.
            throw ZoneError(
                line: error.line,
                reason: "\(error.reason) (\(outOfZoneRecords) record(s) outside \(origin.text) were ignored: is the zone for another domain?)")
        }
        if suppressedWarnings > 0 {
            warnings.append(ZoneWarning(line: 0, message: "\(suppressedWarnings) more warning(s) not shown"))
        }
        return Zone(origin: origin, storage: storage, warnings: warnings)
    }

    /// Collapses identical records (keeping the first line) and gives each RRset one TTL by
    /// BIND's rule: within a run of consecutive lines with one owner the first TTL of an RRset
    /// wins; when the RRset appears again in a later run, that run's TTL replaces it.
    private mutating func unifyRRsets() {
        let count = storage.entries.count
        var write = 0
        var start = 0
        let rdata = storage.rdata
        while start < count {
            let head = storage.entries[start]
            var end = start + 1
            var chosen = head
            var differs = false
            while end < count, storage.entries[end].owner == head.owner, storage.entries[end].type == head.type {
                let entry = storage.entries[end]
                if entry.ttl != head.ttl { differs = true }
                if entry.block > chosen.block || (entry.block == chosen.block && entry.line < chosen.line) {
                    chosen = entry
                }
                end += 1
            }
            if differs {
                let name = storage.names.name(head.owner)
                warn(
                    line: Int(chosen.line),
                    "records of \(name.text) \(RRType(rawValue: head.type).mnemonic) have different TTLs; using \(chosen.ttl)")
            }
            // Identical rdata is adjacent after sorting: keep one record, with its first line.
            var index = start
            while index < end {
                var kept = storage.entries[index]
                var next = index + 1
                while next < end,
                    rdata[Int(storage.entries[next].rdataStart)..<(Int(storage.entries[next].rdataStart) + Int(storage.entries[next].rdataLength))]
                        .elementsEqual(rdata[Int(kept.rdataStart)..<(Int(kept.rdataStart) + Int(kept.rdataLength))])
                {
                    kept.line = min(kept.line, storage.entries[next].line)
                    next += 1
                }
                kept.ttl = chosen.ttl
                storage.entries[write] = kept
                write += 1
                index = next
            }
            start = end
        }
        storage.entries.removeSubrange(write...)
    }
}
