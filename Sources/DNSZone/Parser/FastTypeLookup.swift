/// Record type mnemonics resolved without building strings: mnemonics of up to eight letters are
/// packed into one integer key.
enum FastTypeLookup {
    /// Open-addressed table of (packed mnemonic, type code); 0 marks an empty slot.
    private static let table: [(key: UInt64, code: UInt16)] = {
        var slots = [(key: UInt64, code: UInt16)](repeating: (0, 0), count: tableSize)
        for (code, name) in RRType.mnemonics where name.utf8.count <= 8 {
            guard let key = pack(Array(name.utf8)[...]) else { continue }
            var slot = slotIndex(key)
            while slots[slot].key != 0 { slot = (slot + 1) & (tableSize - 1) }
            slots[slot] = (key, code)
        }
        return slots
    }()

    private static let tableSize = 256

    @inline(__always)
    private static func slotIndex(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    @inline(__always)
    private static func pack(_ bytes: some Collection<UInt8>) -> UInt64? {
        guard bytes.count <= 8 else { return nil }
        var key: UInt64 = 0
        for byte in bytes {
            let upper = (byte >= 0x61 && byte <= 0x7A) ? byte & ~0x20 : byte
            key = key << 8 | UInt64(upper)
        }
        return key
    }

    /// The type named by `bytes` (any known mnemonic or `TYPEnnn`).
    static func type(_ bytes: UnsafeBufferPointer<UInt8>) -> RRType? {
        if let key = pack(bytes) {
            var slot = slotIndex(key)
            while true {
                let entry = table[slot]
                if entry.key == key { return RRType(rawValue: entry.code) }
                if entry.key == 0 { break }
                slot = (slot + 1) & (tableSize - 1)
            }
        }
        return RRType.lookup(bytes, includeBitmapOnly: true)
    }

    /// Meta and query types that can never be the type of a record in a zone file.
    static func isMetaType(_ type: RRType) -> Bool {
        switch type.rawValue {
        case 0, 41, 128...255: return true
        default: return false
        }
    }
}
