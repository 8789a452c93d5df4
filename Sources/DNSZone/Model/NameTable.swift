/// Interned owner names of one zone: each distinct name is stored once, relative to the zone
/// origin (its leading labels only), in one byte arena, and known by a small integer id. Keeps
/// memory flat and hashing short for zones with a million records.
struct NameTable: Sendable {
    /// Wire form of the zone origin every name lies within.
    let origin: [UInt8]
    /// Concatenated relative parts: length-prefixed labels, no terminating root label.
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [UInt32] = []
    /// Open addressing: high 32 bits hash fragment, low 32 bits id + 1 (0 = empty).
    private var slots: [UInt64]

    init(origin: [UInt8], expectedCount: Int = 16) {
        self.origin = origin
        var capacity = 64
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        starts.reserveCapacity(expectedCount)
        bytes.reserveCapacity(expectedCount * 8)
    }

    var count: Int { starts.count }

    /// The labels of the name with `id` that lie above the origin (empty for the apex).
    @inline(__always)
    func prefix(_ id: UInt32) -> ArraySlice<UInt8> {
        let start = Int(starts[Int(id)])
        let end = Int(id) + 1 < starts.count ? Int(starts[Int(id) + 1]) : bytes.count
        return bytes[start..<end]
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
    private static func hash(_ prefix: ArraySlice<UInt8>) -> UInt64 {
        prefix.withUnsafeBytes { ByteHash.hash($0, seed: 0x6E61_6D65) }
    }

    /// The id of a full wire name if it is in the table.
    func find(_ wire: ArraySlice<UInt8>) -> UInt32? {
        guard let relative = relativePart(wire), !slots.isEmpty else { return nil }
        let hash = Self.hash(relative)
        let fragment = hash >> 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry >> 32 == fragment {
                let id = UInt32(truncatingIfNeeded: entry) - 1
                if prefix(id).elementsEqual(relative) { return id }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Returns the id of a full wire name (which must lie within the origin), adding it if new.
    mutating func intern(_ wire: [UInt8]) -> UInt32 {
        let relative = wire[0..<(wire.count - origin.count)]
        let hash = Self.hash(relative)
        let fragment = hash >> 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry >> 32 == fragment {
                let id = UInt32(truncatingIfNeeded: entry) - 1
                if prefix(id).elementsEqual(relative) { return id }
            }
            slot = (slot + 1) & mask
        }
        let id = UInt32(starts.count)
        starts.append(UInt32(bytes.count))
        bytes.append(contentsOf: relative)
        slots[slot] = fragment << 32 | UInt64(id + 1)
        if starts.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        var newSlots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = newSlots.count - 1
        for id in 0..<UInt32(starts.count) {
            let hash = Self.hash(prefix(id))
            var slot = Int(truncatingIfNeeded: hash) & mask
            while newSlots[slot] != 0 { slot = (slot + 1) & mask }
            newSlots[slot] = (hash >> 32) << 32 | UInt64(id + 1)
        }
        slots = newSlots
    }
}
