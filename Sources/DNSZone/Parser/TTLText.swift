/// TTL values in master files: a plain number of seconds, or units such as `1h30m`, `2W`, `1d`.
enum TTLText {
    /// Parses a TTL; nil when the text is not a TTL or exceeds 2^32-1 seconds.
    static func parse(_ text: some Collection<UInt8>) -> UInt32? {
        guard let first = text.first, DNSNameText.isDigit(first) else { return nil }
        var total: UInt64 = 0
        var current: UInt64 = 0
        var digits = 0
        var sawUnit = false
        for byte in text {
            if DNSNameText.isDigit(byte) {
                current = current * 10 + UInt64(byte - 48)
                digits += 1
                guard current <= UInt64(UInt32.max) else { return nil }
                continue
            }
            guard digits > 0 else { return nil }
            let multiplier: UInt64
            switch byte | 0x20 {
            case UInt8(ascii: "w"): multiplier = 7 * 24 * 3600
            case UInt8(ascii: "d"): multiplier = 24 * 3600
            case UInt8(ascii: "h"): multiplier = 3600
            case UInt8(ascii: "m"): multiplier = 60
            case UInt8(ascii: "s"): multiplier = 1
            default: return nil
            }
            total += current * multiplier
            guard total <= UInt64(UInt32.max) else { return nil }
            current = 0
            digits = 0
            sawUnit = true
        }
        if digits > 0 {
            // A bare number is only valid as the whole TTL ("1h30" is not a TTL).
            guard !sawUnit else { return nil }
            total = current
        }
        return UInt32(total)
    }

    /// Whether a token looks like a TTL attempt (starts with a digit).
    static func looksLikeTTL(_ text: some Collection<UInt8>) -> Bool {
        guard let first = text.first else { return false }
        return DNSNameText.isDigit(first)
    }
}
