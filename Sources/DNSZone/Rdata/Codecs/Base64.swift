/// RFC 4648 base64 (standard alphabet, `=` padding) as used in zone files for DNSKEY, RRSIG,
/// CERT, OPENPGPKEY, the SVCB `ech` parameter and the like.
///
/// Decoding is on the hot path of large signed zones, so it works directly on contiguous bytes
/// with a 256-entry lookup table and writes straight into the result's storage.
enum Base64: ByteTextCodec {
    private static let padding = UInt8(ascii: "=")

    /// The 64 alphabet characters in value order.
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Maps a character to its 6-bit value, or 0xFF for anything outside the alphabet
    /// (including `=`, which is handled separately in the final quantum).
    private static let decodeTable = valueTable(alphabet, eitherCase: false)

    /// Decodes RFC 4648 base64 with `=` padding as written in zone files. The input is the
    /// concatenation of the record's whitespace-separated base64 tokens, so it contains no
    /// whitespace.
    ///
    /// Returns nil on any character outside the alphabet, misplaced or excess padding, a length
    /// that is not a multiple of 4, or non-zero bits under the padding (non-canonical encodings
    /// such as `Zh==` for `f`, which BIND rejects as well). The empty input decodes to `[]`.
    static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = input.count
        if count == 0 { return [] }
        guard count & 3 == 0 else { return nil }
        var padCount = 0
        if input[count - 1] == padding {
            padCount = input[count - 2] == padding ? 2 : 1
        }
        let outputCount = count / 4 * 3 - padCount
        return decoded(count: outputCount, table: decodeTable) { table, storage in
            decodeQuanta(input, padCount: padCount, table: table, into: storage)
        }
    }

    /// Decodes every 4-character quantum of `input` into `output`; the caller has checked the
    /// length and counted the padding of the last quantum.
    @inline(__always)
    private static func decodeQuanta(
        _ input: UnsafeBufferPointer<UInt8>, padCount: Int, table: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Bool {
        let lastQuantum = input.count - 4
        var inIndex = 0
        var outIndex = 0
        while inIndex < lastQuantum {
            let a = table[Int(input[inIndex])]
            let b = table[Int(input[inIndex + 1])]
            let c = table[Int(input[inIndex + 2])]
            let d = table[Int(input[inIndex + 3])]
            if (a | b | c | d) & 0x80 != 0 { return false }
            output[outIndex] = a << 2 | b >> 4
            output[outIndex + 1] = b << 4 | c >> 2
            output[outIndex + 2] = c << 6 | d
            inIndex += 4
            outIndex += 3
        }
        let a = table[Int(input[inIndex])]
        let b = table[Int(input[inIndex + 1])]
        if (a | b) & 0x80 != 0 { return false }
        output[outIndex] = a << 2 | b >> 4
        switch padCount {
        case 0:
            let c = table[Int(input[inIndex + 2])]
            let d = table[Int(input[inIndex + 3])]
            if (c | d) & 0x80 != 0 { return false }
            output[outIndex + 1] = b << 4 | c >> 2
            output[outIndex + 2] = c << 6 | d
        case 1:
            let c = table[Int(input[inIndex + 2])]
            // The two low bits of `c` fall under the padding and must be zero.
            if c & 0x80 != 0 || c & 0x03 != 0 { return false }
            output[outIndex + 1] = b << 4 | c >> 2
        default:
            // "xx==": the four low bits of `b` fall under the padding and must be zero.
            if b & 0x0F != 0 { return false }
        }
        return true
    }

    /// Encodes `bytes` as base64 with padding and without line breaks.
    static func encode(buffer input: UnsafeBufferPointer<UInt8>) -> String {
        let count = input.count
        if count == 0 { return "" }
        let outputCount = (count + 2) / 3 * 4
        return encoded(count: outputCount, alphabet: alphabet) { symbols, output in
            var inIndex = 0
            var outIndex = 0
            let whole = count - count % 3
            while inIndex < whole {
                let a = input[inIndex]
                let b = input[inIndex + 1]
                let c = input[inIndex + 2]
                output[outIndex] = symbols[Int(a >> 2)]
                output[outIndex + 1] = symbols[Int((a & 0x03) << 4 | b >> 4)]
                output[outIndex + 2] = symbols[Int((b & 0x0F) << 2 | c >> 6)]
                output[outIndex + 3] = symbols[Int(c & 0x3F)]
                inIndex += 3
                outIndex += 4
            }
            switch count - whole {
            case 1:
                let a = input[inIndex]
                output[outIndex] = symbols[Int(a >> 2)]
                output[outIndex + 1] = symbols[Int((a & 0x03) << 4)]
                output[outIndex + 2] = padding
                output[outIndex + 3] = padding
            case 2:
                let a = input[inIndex]
                let b = input[inIndex + 1]
                output[outIndex] = symbols[Int(a >> 2)]
                output[outIndex + 1] = symbols[Int((a & 0x03) << 4 | b >> 4)]
                output[outIndex + 2] = symbols[Int((b & 0x0F) << 2)]
                output[outIndex + 3] = padding
            default:
                break
            }
        }
    }
}
