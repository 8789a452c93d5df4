/// The owner names of one zone, stored relative to the zone origin (their leading labels only) in
/// one byte arena and known by small integer ids.
///
/// While a zone is read, names are appended without any look-up (a hash table over a million
/// names costs a cache miss per record); `finalize()` then sorts them into canonical order,
/// merges repeats, and renumbers: afterwards id order is canonical name order.
struct NameTable: Sendable {
    /// Wire form of the zone origin every name lies within.
    let origin: [UInt8]
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [UInt32] = []
    private(set) var lengths: [UInt8] = []

    init(origin: [UInt8], expectedCount: Int = 16, expectedBytes: Int = 128) {
        self.origin = origin
        starts.reserveCapacity(expectedCount)
        lengths.reserveCapacity(expectedCount)
        // (Reserved space is address space only until written.)
        bytes.reserveCapacity(expectedBytes)
        HugePages.advise(&starts)
        HugePages.advise(&bytes)
    }

    var count: Int { starts.count }

    /// Id of the zone apex (after `finalize`), nil when no record is at the apex.
    private(set) var apexID: UInt32?

    /// The labels of the name with `id` that lie above the origin (empty for the apex).
    @inline(__always)
    func prefix(_ id: UInt32) -> ArraySlice<UInt8> {
        let start = Int(starts[Int(id)])
        return bytes[start..<(start + Int(lengths[Int(id)]))]
    }

    /// Full wire form of the name with `id`.
    func wire(_ id: UInt32) -> [UInt8] {
        var result = Array(prefix(id))
        result.append(contentsOf: origin)
        return result
    }

    func name(_ id: UInt32) -> DNSName { DNSName(uncheckedWire: wire(id)) }

    /// The relative part of a full wire name within the origin, nil when it lies outside.
    func relativePart(_ wire: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard DNSNameText.isSubdomain(wire, of: origin[...]) else { return nil }
        return wire[wire.startIndex..<(wire.endIndex - origin.count)]
    }

    @inline(__always)
    static func hash(_ prefix: ArraySlice<UInt8>) -> UInt64 {
        prefix.withUnsafeBytes { ByteHash.hash($0, seed: 0x6E61_6D65) }
    }

    /// Appends a full wire name (which must lie within the origin) and returns its provisional id.
    mutating func append(_ wire: [UInt8]) -> UInt32 {
        let relative = wire[0..<(wire.count - origin.count)]
        let id = UInt32(starts.count)
        starts.append(UInt32(bytes.count))
        lengths.append(UInt8(relative.count))
        bytes.append(contentsOf: relative)
        return id
    }

    /// Appends every name of `other` (same origin); its ids shift by the current count.
    mutating func append(contentsOf other: NameTable) {
        let offset = UInt32(bytes.count)
        bytes.append(contentsOf: other.bytes)
        starts.append(contentsOf: other.starts.lazy.map { $0 + offset })
        lengths.append(contentsOf: other.lengths)
    }

    /// Sorts the names canonically and merges repeats. Returns, for each provisional id, its
    /// final id.
    mutating func finalize() -> [UInt32] {
        let order = CanonicalOrder.sortedNames(self)
        var remap = [UInt32](repeating: 0, count: starts.count)
        var newStarts: [UInt32] = []
        var newLengths: [UInt8] = []
        newStarts.reserveCapacity(order.count)
        newLengths.reserveCapacity(order.count)
        for (position, key) in order.enumerated() {
            let id = key.id
            let isRepeat = position > 0 && order[position - 1].sameKey(key)
                && prefix(order[position - 1].id).elementsEqual(prefix(id))
            if !isRepeat {
                newStarts.append(starts[Int(id)])
                newLengths.append(lengths[Int(id)])
            }
            remap[Int(id)] = UInt32(newStarts.count - 1)
        }
        starts = newStarts
        lengths = newLengths
        apexID = lengths.first == 0 ? 0 : nil
        return remap
    }
}
