/// The window/bitmap encoding of type lists in NSEC, NSEC3 and CSYNC (RFC 4034 §4.1.2).
enum TypeBitmap {
    /// Encodes a set of types.
    static func encode(_ types: [UInt16], into out: inout [UInt8]) {
        let sorted = Set(types).sorted()
        var index = 0
        while index < sorted.count {
            let window = UInt8(sorted[index] >> 8)
            var bits = [UInt8](repeating: 0, count: 32)
            var used = 0
            while index < sorted.count, UInt8(sorted[index] >> 8) == window {
                let low = Int(sorted[index] & 0xFF)
                bits[low / 8] |= 0x80 >> UInt8(low % 8)
                used = low / 8 + 1
                index += 1
            }
            out.append(window)
            out.append(UInt8(used))
            out.append(contentsOf: bits[0..<used])
        }
    }

    /// Decodes a bitmap; nil when malformed (windows out of order, bad lengths, trailing zeros).
    static func decode(_ bytes: ArraySlice<UInt8>) -> [UInt16]? {
        var types: [UInt16] = []
        var index = bytes.startIndex
        var lastWindow = -1
        while index < bytes.endIndex {
            guard index + 1 < bytes.endIndex else { return nil }
            let window = Int(bytes[index])
            let length = Int(bytes[index + 1])
            guard window > lastWindow, length >= 1, length <= 32, index + 2 + length <= bytes.endIndex,
                bytes[index + 1 + length] != 0
            else { return nil }
            lastWindow = window
            for octet in 0..<length {
                let value = bytes[index + 2 + octet]
                for bit in 0..<8 where value & (0x80 >> UInt8(bit)) != 0 {
                    types.append(UInt16(window << 8 | (octet * 8 + bit)))
                }
            }
            index += 2 + length
        }
        return types
    }
}
