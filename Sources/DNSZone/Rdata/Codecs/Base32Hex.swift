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
                guard let group = value(ofCharacters: 8, at: inIndex, in: input, table: table) else { return false }
                write(bytes: 5, of: group, at: outIndex, to: storage)
                inIndex += 8
                outIndex += 5
            }
            guard trailing > 0 else { return true }
            guard let group = value(ofCharacters: trailing, at: inIndex, in: input, table: table) else { return false }
            let unusedBits = UInt64(trailing * 5 - trailingBytes * 8)
            if group & ((1 << unusedBits) - 1) != 0 { return false }
            write(bytes: trailingBytes, of: group >> unusedBits, at: outIndex, to: storage)
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
                write(characters: 8, of: value(ofBytes: 5, at: inIndex, in: input), at: outIndex, to: output, symbols: symbols)
                inIndex += 5
                outIndex += 8
            }
            guard trailing > 0 else { return }
            // Pad the bits on the right to a whole number of characters.
            let group = value(ofBytes: trailing, at: inIndex, in: input) << UInt64(trailingCharacters * 5 - trailing * 8)
            write(characters: trailingCharacters, of: group, at: outIndex, to: output, symbols: symbols)
        }
    }

    // A whole group (8 characters, 5 bytes) and the shorter final one are read and written alike.

    /// The 5-bit values of the `count` characters at `start`, the first in the highest bits; nil
    /// when one is outside the alphabet.
    @inline(__always)
    private static func value(
        ofCharacters count: Int, at start: Int, in input: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt8>
    ) -> UInt64? {
        var group: UInt64 = 0
        var check: UInt8 = 0
        for offset in 0..<count {
            let value = table[Int(input[start + offset])]
            check |= value
            group = group << 5 | UInt64(value & 0x1F)
        }
        return check & 0x80 == 0 ? group : nil
    }

    /// The `count` bytes at `start` as one number, the first in the highest bits.
    @inline(__always)
    private static func value(ofBytes count: Int, at start: Int, in input: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var group: UInt64 = 0
        for offset in 0..<count { group = group << 8 | UInt64(input[start + offset]) }
        return group
    }

    /// Writes the low `count` bytes of `group` at `start`, the highest first.
    @inline(__always)
    private static func write(bytes count: Int, of group: UInt64, at start: Int, to storage: UnsafeMutableBufferPointer<UInt8>) {
        for offset in 0..<count {
            storage[start + offset] = UInt8(truncatingIfNeeded: group >> UInt64((count - 1 - offset) * 8))
        }
    }

    /// Writes the low `count` 5-bit values of `group` at `start` as characters, the highest first.
    @inline(__always)
    private static func write(
        characters count: Int, of group: UInt64, at start: Int, to output: UnsafeMutableBufferPointer<UInt8>,
        symbols: UnsafeBufferPointer<UInt8>
    ) {
        for offset in 0..<count {
            output[start + offset] = symbols[Int((group >> UInt64((count - 1 - offset) * 5)) & 0x1F)]
        }
    }
}
