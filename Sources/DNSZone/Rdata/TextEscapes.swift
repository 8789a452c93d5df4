/// Backslash escapes inside master-file strings and words.
enum TextEscapes {
    /// Appends the unescaped bytes of `text` (`\DDD` decimal, `\X` literal X) to `output`.
    /// Returns false on a malformed escape (`\DDD` above 255, a dangling backslash).
    @discardableResult
    static func unescape(_ text: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Bool {
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            if byte != UInt8(ascii: "\\") {
                output.append(byte)
                index += 1
                continue
            }
            guard index + 1 < count else { return false }
            let next = text[index + 1]
            if DNSNameText.isDigit(next) {
                guard index + 3 < count, DNSNameText.isDigit(text[index + 2]), DNSNameText.isDigit(text[index + 3])
                else { return false }
                let value = Int(next - 48) * 100 + Int(text[index + 2] - 48) * 10 + Int(text[index + 3] - 48)
                guard value <= 255 else { return false }
                output.append(UInt8(value))
                index += 4
            } else {
                output.append(next)
                index += 2
            }
        }
        return true
    }

    /// Appends `bytes` as a quoted string: `"` and `\` escaped, non-printable bytes as `\DDD`.
    static func appendQuoted(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes { appendQuotedByte(byte, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends one byte of a quoted string: `"` and `\` escaped with a backslash, bytes outside
    /// printable ASCII as `\DDD`, everything else (space included) literally.
    @inline(__always)
    static func appendQuotedByte(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            out.append(UInt8(ascii: "\\"))
            out.append(byte)
        case 0x20...0x7E:
            out.append(byte)
        default:
            appendDecimalEscape(byte, to: &out)
        }
    }

    /// Appends `\DDD` for a byte.
    @inline(__always)
    static func appendDecimalEscape(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(48 + byte / 100)
        out.append(48 + (byte / 10) % 10)
        out.append(48 + byte % 10)
    }

    /// Appends a decimal number.
    static func appendDecimal(_ value: some BinaryInteger, to out: inout [UInt8]) {
        var value = UInt64(value)
        if value == 0 {
            out.append(48)
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while value > 0 {
                buffer[count] = UInt8(48 + value % 10)
                value /= 10
                count += 1
            }
            while count > 0 {
                count -= 1
                out.append(buffer[count])
            }
        }
    }

    /// Parses an unsigned decimal number made only of digits, nil if not or above `maximum`.
    static func parseDecimal(_ text: UnsafeBufferPointer<UInt8>, maximum: UInt64) -> UInt64? {
        guard !text.isEmpty, text.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in text {
            guard DNSNameText.isDigit(byte) else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = product + UInt64(byte - 48)
            guard value <= maximum else { return nil }
        }
        return value
    }
}
