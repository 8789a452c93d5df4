/// Puts a zone's records into DNSSEC canonical order (RFC 4034 §6): owners by name (labels
/// compared from the right), then SOA first, then by type code and rdata octets.
///
/// Built for million-record zones: owner names are sorted by 12-byte integer keys packed with
/// their ids (exact comparison only among names whose keys tie), then records are bucketed by
/// owner in one pass and only the few records of each owner are compared.
enum CanonicalOrder {
    /// A name's sort key packed with its id: the first twelve key octets, then the id in the
    /// low 32 bits, so one 16-byte value sorts by key and keeps track of its name.
    struct NameKey {
        var high: UInt64
        var low: UInt64

        var id: UInt32 { UInt32(truncatingIfNeeded: low) }

        @inline(__always)
        func sameKey(_ other: NameKey) -> Bool { high == other.high && low >> 32 == other.low >> 32 }

        @inline(__always)
        func precedes(_ other: NameKey) -> Bool {
            high != other.high ? high < other.high : low < other.low
        }
    }

    /// The name ids in canonical order (repeats of one name adjacent).
    static func sortedNames(_ names: NameTable) -> [NameKey] {
        let count = names.count
        var keys: [NameKey] = []
        keys.reserveCapacity(count)
        var exactOnly = false
        for id in 0..<UInt32(count) {
            let (high, low, hasZero) = sortKey(names.prefix(id))
            if hasZero { exactOnly = true }
            keys.append(NameKey(high: high, low: low << 32 | UInt64(id)))
        }
        let exact: (NameKey, NameKey) -> Bool = { left, right in
            compareRelative(names.prefix(left.id), names.prefix(right.id)) < 0
        }
        if exactOnly {
            // A label holding a zero octet makes the integer keys ambiguous.
            keys.sort(by: exact)
            return keys
        }
        keys.sort { $0.precedes($1) }
        var start = 0
        while start < count {
            var end = start + 1
            while end < count && keys[end].sameKey(keys[start]) { end += 1 }
            // Equal keys: the same name repeated, or names that differ past the key.
            if end - start > 1 { keys[start..<end].sort(by: exact) }
            start = end
        }
        return keys
    }

    /// The first twelve octets of the name's labels read from the right, each label followed by
    /// a zero octet, as big-endian integers (8 + 4 octets): for names without zero octets,
    /// integer order of keys is canonical order whenever the keys differ.
    private static func sortKey(_ prefix: ArraySlice<UInt8>) -> (UInt64, UInt64, Bool) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 128) { labelStarts in
            var labels = 0
            var hasZero = false
            var index = prefix.startIndex
            while index < prefix.endIndex {
                labelStarts[labels] = index
                labels += 1
                let length = Int(prefix[index])
                if !hasZero, prefix[(index + 1)..<(index + 1 + length)].contains(0) { hasZero = true }
                index += length + 1
            }
            var high: UInt64 = 0
            var low: UInt64 = 0
            var filled = 0
            @inline(__always) func push(_ byte: UInt8) {
                if filled < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
                filled += 1
            }
            var label = labels - 1
            while label >= 0 && filled < 12 {
                let start = labelStarts[label]
                let length = Int(prefix[start])
                var offset = 1
                while offset <= length && filled < 12 {
                    push(prefix[start + offset])
                    offset += 1
                }
                if filled < 12 { push(0) }
                label -= 1
            }
            while filled < 12 { push(0) }
            return (high, low, hasZero)
        }
    }

    /// Canonical comparison of two names given by their labels above a common origin.
    static func compareRelative(_ lhs: ArraySlice<UInt8>, _ rhs: ArraySlice<UInt8>) -> Int {
        if lhs.elementsEqual(rhs) { return 0 }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { buffer in
            var leftCount = 0
            var index = lhs.startIndex
            while index < lhs.endIndex {
                buffer[leftCount] = index
                leftCount += 1
                index += Int(lhs[index]) + 1
            }
            var rightCount = 0
            index = rhs.startIndex
            while index < rhs.endIndex {
                buffer[128 + rightCount] = index
                rightCount += 1
                index += Int(rhs[index]) + 1
            }
            var left = leftCount - 1
            var right = rightCount - 1
            while left >= 0 && right >= 0 {
                let ls = buffer[left], rs = buffer[128 + right]
                let ll = Int(lhs[ls]), rl = Int(rhs[rs])
                var offset = 1
                while offset <= min(ll, rl) {
                    let a = lhs[ls + offset], b = rhs[rs + offset]
                    if a != b { return a < b ? -1 : 1 }
                    offset += 1
                }
                if ll != rl { return ll < rl ? -1 : 1 }
                left -= 1
                right -= 1
            }
            if left < 0 && right < 0 { return 0 }
            return left < 0 ? -1 : 1
        }
    }

    /// Orders `entries` canonically; owner ids must already be in canonical name order.
    static func sort(_ entries: inout [RecordEntry], nameCount: Int, rdata: [UInt8]) {
        let count = entries.count
        guard count > 1 else { return }
        // Bucket by owner (a counting sort, stable).
        var offsets = [UInt32](repeating: 0, count: nameCount + 1)
        for entry in entries { offsets[Int(entry.owner) + 1] += 1 }
        for index in 1..<offsets.count { offsets[index] += offsets[index - 1] }
        let groupStarts = offsets
        // Destination of each entry, then the permutation applied in place (cycle by cycle), so
        // no second copy of the entries is needed.
        var destination = [UInt32](repeating: 0, count: count)
        for (index, entry) in entries.enumerated() {
            let owner = Int(entry.owner)
            destination[index] = offsets[owner]
            offsets[owner] += 1
        }
        offsets = []
        entries.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<count {
                while destination[index] != UInt32(index) {
                    let target = Int(destination[index])
                    buffer.swapAt(index, target)
                    destination.swapAt(index, target)
                }
            }
        }
        destination = []
        // Within an owner: SOA first, then by type, then by rdata octets.
        rdata.withUnsafeBufferPointer { arena in
            func precedes(_ left: RecordEntry, _ right: RecordEntry) -> Bool {
                if left.type != right.type {
                    if left.type == RRType.soa.rawValue { return true }
                    if right.type == RRType.soa.rawValue { return false }
                    return left.type < right.type
                }
                let leftBytes = UnsafeBufferPointer(
                    rebasing: arena[Int(left.rdataStart)..<(Int(left.rdataStart) + Int(left.rdataLength))])
                let rightBytes = UnsafeBufferPointer(
                    rebasing: arena[Int(right.rdataStart)..<(Int(right.rdataStart) + Int(right.rdataLength))])
                return leftBytes.lexicographicallyPrecedes(rightBytes)
            }
            for group in 0..<(groupStarts.count - 1) {
                let start = Int(groupStarts[group]), end = Int(groupStarts[group + 1])
                if end - start > 1 { entries[start..<end].sort(by: precedes) }
            }
        }
    }
}
