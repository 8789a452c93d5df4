/// RFC 4648 §7 base32 with the extended-hex alphabet (`0-9A-V`), without padding, as used for
/// the NSEC3 next hashed owner name (RFC 5155 §3.3).
enum Base32Hex: ByteTextCodec {
    private static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUV".utf8)

    /// Maps a character to its 5-bit value, or 0xFF for anything else.
    private static let decodeTable = valueTable(alphabet, eitherCase: true)

    /// Bytes encoded by a final group of `n` characters (index n), or -1 when impossible.
    private static let bytesForTrailingCharacters = [0, -1, 1, -1, 2, 3, -1, 4]

    /// Decodes unpadded base32hex, letters in either case.
    ///
    /// Returns nil on a character outside the alphabet (including `=`), on a length that no byte
    /// string encodes to (a final group of 1, 3 or 6 characters), or when the unused low bits of
    /// the last character are not zero (a non-canonical encoding). The empty input decodes to
    /// `[]`.
    static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = input.count
        let trailing = count % 8
        let trailingBytes = bytesForTrailingCharacters[trailing]
        guard trailingBytes >= 0 else { return nil }
        let outputCount = count / 8 * 5 + trailingBytes
        if outputCount == 0 { return [] }
        return decoded(count: outputCount, table: decodeTable) { table, storage in
            var inIndex = 0
            var outIndex = 0
            let whole = count - trailing
            while inIndex < whole {
                var group: UInt64 = 0
                var check: UInt8 = 0
                for offset in 0..<8 {
                    let value = table[Int(input[inIndex + offset])]
                    check |= value
                    group = group << 5 | UInt64(value & 0x1F)
                }
                if check & 0x80 != 0 { return false }
                storage[outIndex] = UInt8(truncatingIfNeeded: group >> 32)
                storage[outIndex + 1] = UInt8(truncatingIfNeeded: group >> 24)
                storage[outIndex + 2] = UInt8(truncatingIfNeeded: group >> 16)
                storage[outIndex + 3] = UInt8(truncatingIfNeeded: group >> 8)
                storage[outIndex + 4] = UInt8(truncatingIfNeeded: group)
                inIndex += 8
                outIndex += 5
            }
            guard trailing > 0 else { return true }
            var group: UInt64 = 0
            for offset in 0..<trailing {
                let value = table[Int(input[inIndex + offset])]
                if value & 0x80 != 0 { return false }
                group = group << 5 | UInt64(value)
            }
            let unusedBits = UInt64(trailing * 5 - trailingBytes * 8)
            if group & ((1 << unusedBits) - 1) != 0 { return false }
            group >>= unusedBits
            for offset in 0..<trailingBytes {
                let shift = UInt64((trailingBytes - 1 - offset) * 8)
                storage[outIndex + offset] = UInt8(truncatingIfNeeded: group >> shift)
            }
            return true
        }
    }

    /// Encodes `bytes` as upper-case base32hex without padding.
    static func encode(buffer input: UnsafeBufferPointer<UInt8>) -> String {
        let count = input.count
        if count == 0 { return "" }
        let trailing = count % 5
        let trailingCharacters = [0, 2, 4, 5, 7][trailing]
        let outputCount = count / 5 * 8 + trailingCharacters
        return encoded(count: outputCount, alphabet: alphabet) { symbols, output in
            var inIndex = 0
            var outIndex = 0
            let whole = count - trailing
            while inIndex < whole {
                var group: UInt64 = 0
                for offset in 0..<5 { group = group << 8 | UInt64(input[inIndex + offset]) }
                for offset in 0..<8 {
                    output[outIndex + offset] = symbols[Int((group >> UInt64(35 - offset * 5)) & 0x1F)]
                }
                inIndex += 5
                outIndex += 8
            }
            guard trailing > 0 else { return }
            var group: UInt64 = 0
            for offset in 0..<trailing { group = group << 8 | UInt64(input[inIndex + offset]) }
            // Pad the bits on the right to a whole number of characters.
            group <<= UInt64(trailingCharacters * 5 - trailing * 8)
            for offset in 0..<trailingCharacters {
                let shift = UInt64((trailingCharacters - 1 - offset) * 5)
                output[outIndex + offset] = symbols[Int((group >> shift) & 0x1F)]
            }
        }
    }
}
