/// Numeric limits that BIND enforces while loading.
enum ZoneLimits {
    /// RFC 2181 §8: TTLs above 2^31-1 are treated as 0 (BIND warns and uses 0).
    static let maximumTTL: UInt32 = 0x7FFF_FFFF

    static func checkTTL(_ value: UInt32, line: Int, builder: inout ZoneBuilder) throws(ZoneSyntaxError) -> UInt32 {
        guard value > maximumTTL else { return value }
        builder.warn(line: line, "TTL \(value) is above the maximum \(maximumTTL); using 0 as BIND does")
        return 0
    }
}
