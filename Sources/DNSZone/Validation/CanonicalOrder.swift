/// Puts a zone's records into DNSSEC canonical order (RFC 4034 §6): owners by name (labels
/// compared from the right), then SOA first, then by type code and rdata octets.
///
/// Built for million-record zones: owner names are ranked with 8-byte integer keys (exact
/// comparison only among names whose keys tie), then records are bucketed by owner rank in one
/// pass and only the few records of each owner are compared.
enum CanonicalOrder {
    private struct NameKey {
        var key: UInt64
        var id: UInt32
    }

    /// Rank of each name id in canonical order.
    static func ranks(of names: NameTable) -> [UInt32] {
        let count = names.count
        var keys: [NameKey] = []
        keys.reserveCapacity(count)
        var exactOnly = false
        for id in 0..<UInt32(count) {
            let (key, hasZero) = sortKey(names.prefix(id))
            if hasZero { exactOnly = true }
            keys.append(NameKey(key: key, id: id))
        }
        let exact: (NameKey, NameKey) -> Bool = { left, right in
            compareRelative(names.prefix(left.id), names.prefix(right.id)) < 0
        }
        if exactOnly {
            // A label holding a zero octet makes the integer keys ambiguous.
            keys.sort(by: exact)
        } else {
            keys.sort { $0.key < $1.key }
            var start = 0
            while start < count {
                var end = start + 1
                while end < count && keys[end].key == keys[start].key { end += 1 }
                if end - start > 1 { keys[start..<end].sort(by: exact) }
                start = end
            }
        }
        var rank = [UInt32](repeating: 0, count: count)
        for (position, entry) in keys.enumerated() { rank[Int(entry.id)] = UInt32(position) }
        return rank
    }

    /// The first eight octets of the name's labels read from the right, each label followed by a
    /// zero octet: for names without zero octets, integer order of keys is canonical order
    /// whenever the keys differ.
    private static func sortKey(_ prefix: ArraySlice<UInt8>) -> (UInt64, Bool) {
        var offsets: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
        var hasZero = false
        return withUnsafeMutableBytes(of: &offsets) { raw -> (UInt64, Bool) in
            let labelStarts = raw.bindMemory(to: Int.self)
            // Remember the last eight label starts; only they can reach the key's first octets.
            var labels = 0
            var index = prefix.startIndex
            while index < prefix.endIndex {
                labelStarts[labels % 8] = index
                labels += 1
                let length = Int(prefix[index])
                if !hasZero, prefix[(index + 1)..<(index + 1 + length)].contains(0) { hasZero = true }
                index += length + 1
            }
            var key: UInt64 = 0
            var filled = 0
            var label = labels - 1
            while label >= 0 && label >= labels - 8 && filled < 8 {
                let start = labelStarts[label % 8]
                let length = Int(prefix[start])
                var offset = 1
                while offset <= length && filled < 8 {
                    key = key << 8 | UInt64(prefix[start + offset])
                    filled += 1
                    offset += 1
                }
                if filled < 8 {
                    key <<= 8
                    filled += 1
                }
                label -= 1
            }
            if filled < 8 { key <<= UInt64(8 * (8 - filled)) }
            return (key, hasZero)
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

    /// Orders `entries` canonically given owner ranks.
    static func sort(_ entries: inout [RecordEntry], ranks: [UInt32], rdata: [UInt8]) {
        let count = entries.count
        guard count > 1 else { return }
        // Bucket by owner rank (a counting sort, stable).
        var offsets = [UInt32](repeating: 0, count: ranks.count + 1)
        for entry in entries { offsets[Int(ranks[Int(entry.owner)]) + 1] += 1 }
        for index in 1..<offsets.count { offsets[index] += offsets[index - 1] }
        let groupStarts = offsets
        var sorted = [RecordEntry](unsafeUninitializedCapacity: count) { buffer, initialized in
            for entry in entries {
                let rank = Int(ranks[Int(entry.owner)])
                buffer.initializeElement(at: Int(offsets[rank]), to: entry)
                offsets[rank] += 1
            }
            initialized = count
        }
        entries = []
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
                if end - start > 1 { sorted[start..<end].sort(by: precedes) }
            }
        }
        entries = sorted
    }
}
