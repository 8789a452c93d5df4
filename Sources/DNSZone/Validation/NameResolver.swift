/// Finds the ids of a batch of names (the targets the checks ask about) with one pass over the
/// name table: the queries go into a small hash table, and every name of the zone is probed
/// against it once.
struct NameResolver {
    private let origin: [UInt8]
    private var queries: [ArraySlice<UInt8>] = []
    private var queryHashes: [UInt64] = []
    private var resolved: [UInt32] = []
    /// Open addressing over query indices + 1 (0 = empty).
    private var slots: [UInt32] = []

    /// `names`: full wire names to look up; those outside the zone are ignored.
    init(table: NameTable, names: [ArraySlice<UInt8>]) {
        origin = table.origin
        var capacity = 16
        while capacity < names.count * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        for name in names {
            guard let relative = table.relativePart(name) else { continue }
            let hash = NameTable.hash(relative)
            let probe = slot(for: relative, hash: hash)
            guard probe.found == nil else { continue }
            queries.append(relative)
            queryHashes.append(hash)
            resolved.append(UInt32.max)
            slots[probe.slot] = UInt32(queries.count)
        }
        guard !queries.isEmpty else { return }
        for id in 0..<UInt32(table.count) {
            let prefix = table.prefix(id)
            if let index = slot(for: prefix, hash: NameTable.hash(prefix)).found { resolved[index] = id }
        }
    }

    @inline(__always)
    private func slot(for relative: ArraySlice<UInt8>, hash: UInt64) -> (slot: Int, found: Int?) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if queryHashes[index] == hash && queries[index].elementsEqual(relative) { return (slot, index) }
            slot = (slot + 1) & mask
        }
        return (slot, nil)
    }

    /// The id of a full wire name, if it was asked for and is in the table.
    func id(of wire: ArraySlice<UInt8>) -> UInt32? {
        guard !slots.isEmpty, DNSNameText.isSubdomain(wire, of: origin[...]) else { return nil }
        let relative = wire[wire.startIndex..<(wire.endIndex - origin.count)]
        guard let index = slot(for: relative, hash: NameTable.hash(relative)).found, resolved[index] != UInt32.max
        else { return nil }
        return resolved[index]
    }
}
