/// Hexadecimal (RFC 4648 base16) as used in zone files for DS digests, TLSA/SSHFP/ZONEMD data,
/// NSEC3 salts and RFC 3597 `\#` rdata.
enum Base16: ByteTextCodec {
    private static let digits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Maps a character to its 4-bit value, or 0xFF for a non-hex character.
    private static let decodeTable = valueTable(digits, eitherCase: true)

    /// Decodes hex digits of either case. The input is the concatenation of the record's
    /// whitespace-separated hex tokens, so it contains no whitespace.
    ///
    /// Returns nil on a non-hex character or an odd number of digits; the empty input decodes
    /// to `[]` (callers that need data check for emptiness themselves).
    static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = input.count
        guard count & 1 == 0 else { return nil }
        if count == 0 { return [] }
        let outputCount = count / 2
        return decoded(count: outputCount, table: decodeTable) { table, storage in
            var inIndex = 0
            for outIndex in 0..<outputCount {
                let high = table[Int(input[inIndex])]
                let low = table[Int(input[inIndex + 1])]
                if (high | low) & 0x80 != 0 { return false }
                storage[outIndex] = high << 4 | low
                inIndex += 2
            }
            return true
        }
    }

    /// Encodes `bytes` as upper-case hex without separators, as BIND prints it.
    static func encode(buffer input: UnsafeBufferPointer<UInt8>) -> String {
        let count = input.count
        if count == 0 { return "" }
        return encoded(count: count * 2, alphabet: digits) { symbols, output in
            var outIndex = 0
            for byte in input {
                output[outIndex] = symbols[Int(byte >> 4)]
                output[outIndex + 1] = symbols[Int(byte & 0x0F)]
                outIndex += 2
            }
        }
    }
}
