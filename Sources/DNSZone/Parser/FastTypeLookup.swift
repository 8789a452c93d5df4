/// Record type mnemonics resolved without building strings: mnemonics of up to eight letters are
/// packed into one integer key.
enum FastTypeLookup {
    private static let packed: [UInt64: UInt16] = {
        var table: [UInt64: UInt16] = [:]
        for (code, name) in RRType.mnemonics where name.utf8.count <= 8 {
            table[pack(Array(name.utf8)[...])!] = code
        }
        return table
    }()

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
        if let key = pack(bytes), let code = packed[key] { return RRType(rawValue: code) }
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
