/// Text forms of IPv4 and IPv6 addresses for A, AAAA and the SVCB `ipv4hint`/`ipv6hint`
/// parameters. Byte-level and allocation-light: these run once per A/AAAA record.
enum IPAddressText {
    // MARK: Parsing

    /// Parses a dotted-quad IPv4 address: exactly four decimal octets 0...255 separated by
    /// single dots, nothing else (no sign, no hex or octal, no shortened `127.1` forms).
    ///
    /// By default this is `inet_pton(AF_INET, …)`, which is what BIND 9.18 uses for A records
    /// and `ipv4hint`: an octet may not have a leading zero (`01.2.3.4` is an error, `0.0.0.0`
    /// is fine). With `allowingLeadingZeros: true`, up to three digits per octet are accepted
    /// and read as decimal (`010.001.000.001` is 10.1.0.1; BIND 9.11 and older read such
    /// octets as octal, with a warning).
    ///
    /// Returns the four address bytes in network order, or nil.
    static func parseIPv4(_ text: some Collection<UInt8>, allowingLeadingZeros: Bool = false) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(4)
        return parseIPv4(text, allowingLeadingZeros: allowingLeadingZeros, appendingTo: &output) ? output : nil
    }

    /// Like `parseIPv4(_:allowingLeadingZeros:)`, but appends the four bytes to `output`
    /// instead of allocating. Returns false (leaving `output` unchanged) when the text is not
    /// an IPv4 address.
    static func parseIPv4(
        _ text: some Collection<UInt8>, allowingLeadingZeros: Bool = false, appendingTo output: inout [UInt8]
    ) -> Bool {
        guard let value = ipv4Value(text, allowLeadingZeros: allowingLeadingZeros) else { return false }
        appendBigEndian(value, to: &output)
        return true
    }

    /// Parses an IPv6 address in any RFC 4291 §2.2 text form with `inet_pton` rules: eight
    /// groups of one to four hex digits (either case), at most one `::` standing for one or
    /// more zero groups, and optionally a dotted-quad IPv4 address in place of the last two
    /// groups (`::ffff:192.0.2.1`, `64:ff9b::192.0.2.33`), without leading zeros in its octets.
    /// No zone index (`%eth0`) and no brackets. This is what BIND uses for AAAA and `ipv6hint`.
    ///
    /// Returns the sixteen address bytes in network order, or nil.
    static func parseIPv6(_ text: some Collection<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(16)
        return parseIPv6(text, appendingTo: &output) ? output : nil
    }

    /// Like `parseIPv6(_:)`, but appends the sixteen bytes to `output` instead of allocating.
    /// Returns false (leaving `output` unchanged) when the text is not an IPv6 address.
    static func parseIPv6(_ text: some Collection<UInt8>, appendingTo output: inout [UInt8]) -> Bool {
        if let result = text.withContiguousStorageIfAvailable({ parseIPv6(buffer: $0, appendingTo: &output) }) {
            return result
        }
        return Array(text).withUnsafeBufferPointer { parseIPv6(buffer: $0, appendingTo: &output) }
    }

    // MARK: Formatting

    /// Formats four address bytes as a dotted quad without leading zeros.
    /// `bytes` must hold exactly 4 bytes; any other length yields the empty string.
    static func formatIPv4(_ bytes: some Collection<UInt8>) -> String {
        guard let address = loadIPv4(bytes) else {
            assertionFailure("formatIPv4 needs exactly 4 bytes, got \(bytes.count)")
            return ""
        }
        return String(unsafeUninitializedCapacity: maximumIPv4Length) { writeIPv4(address, into: $0) }
    }

    /// Formats sixteen address bytes in the RFC 5952 canonical form: lower-case hex without
    /// leading zeros, the first longest run of two or more zero groups written as `::` (a
    /// single zero group is never compressed). Like glibc's `inet_ntop`, which BIND uses, the
    /// IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-compatible (`::a.b.c.d`, when the first six
    /// groups are zero and the seventh is not) addresses end in dotted-quad form.
    /// `bytes` must hold exactly 16 bytes; any other length yields the empty string.
    static func formatIPv6(_ bytes: some Collection<UInt8>) -> String {
        guard let words = loadIPv6(bytes) else {
            assertionFailure("formatIPv6 needs exactly 16 bytes, got \(bytes.count)")
            return ""
        }
        return String(unsafeUninitializedCapacity: maximumIPv6Length) { writeIPv6(words, into: $0) }
    }

    /// Appends the text form of a 4-byte IPv4 address to `output`; false if `bytes` is not
    /// exactly 4 bytes long.
    static func appendIPv4(_ bytes: some Collection<UInt8>, to output: inout [UInt8]) -> Bool {
        guard let address = loadIPv4(bytes) else { return false }
        append(to: &output, capacity: maximumIPv4Length) { writeIPv4(address, into: $0) }
        return true
    }

    /// Appends the text form of a 16-byte IPv6 address to `output` (see `formatIPv6(_:)`);
    /// false if `bytes` is not exactly 16 bytes long.
    static func appendIPv6(_ bytes: some Collection<UInt8>, to output: inout [UInt8]) -> Bool {
        guard let words = loadIPv6(bytes) else { return false }
        append(to: &output, capacity: maximumIPv6Length) { writeIPv6(words, into: $0) }
        return true
    }

    // MARK: - Implementation

    /// Appends what `write` puts into a stack buffer of `capacity` bytes (it returns the length).
    @inline(__always)
    private static func append(
        to output: inout [UInt8], capacity: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            output.append(contentsOf: UnsafeMutableBufferPointer(rebasing: buffer[..<write(buffer)]))
        }
    }

    /// "255.255.255.255"
    private static let maximumIPv4Length = 15
    /// "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" (39) or "::ffff:255.255.255.255" (22).
    private static let maximumIPv6Length = 39

    /// The eight 16-bit groups of an IPv6 address.
    private typealias Groups = (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16)

    private static func loadIPv4(_ bytes: some Collection<UInt8>) -> UInt32? {
        guard bytes.count == 4 else { return nil }
        var value: UInt32 = 0
        for byte in bytes { value = value << 8 | UInt32(byte) }
        return value
    }

    private static func loadIPv6(_ bytes: some Collection<UInt8>) -> Groups? {
        guard bytes.count == 16 else { return nil }
        var groups: Groups = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &groups) { raw in
            let group = raw.bindMemory(to: UInt16.self)
            var index = 0
            var high: UInt16 = 0
            for byte in bytes {
                if index & 1 == 0 {
                    high = UInt16(byte) << 8
                } else {
                    group[index >> 1] = high | UInt16(byte)
                }
                index += 1
            }
        }
        return groups
    }

    /// Writes a dotted quad at the start of `output` and returns its length.
    @inline(__always)
    private static func writeIPv4(
        _ address: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at start: Int = 0
    ) -> Int {
        var index = start
        for shift in stride(from: UInt32(24), through: 0, by: -8) {
            if shift != 24 {
                output[index] = UInt8(ascii: ".")
                index += 1
            }
            let octet = UInt8(truncatingIfNeeded: address >> shift)
            if octet >= 100 {
                output[index] = UInt8(ascii: "0") + octet / 100
                index += 1
            }
            if octet >= 10 {
                output[index] = UInt8(ascii: "0") + octet / 10 % 10
                index += 1
            }
            output[index] = UInt8(ascii: "0") + octet % 10
            index += 1
        }
        return index - start
    }

    /// Writes the canonical IPv6 text at the start of `output` and returns its length.
    private static func writeIPv6(_ groups: Groups, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var groups = groups
        return withUnsafeBytes(of: &groups) { raw in
            let group = raw.bindMemory(to: UInt16.self)
            // Longest run of zero groups (the first one on ties), only if at least two long.
            var bestStart = -1
            var bestLength = 0
            var runStart = -1
            for index in 0..<8 {
                if group[index] == 0 {
                    if runStart < 0 { runStart = index }
                    if index - runStart + 1 > bestLength {
                        bestStart = runStart
                        bestLength = index - runStart + 1
                    }
                } else {
                    runStart = -1
                }
            }
            if bestLength < 2 { bestStart = -1 }

            let colon = UInt8(ascii: ":")
            var length = 0
            var index = 0
            while index < 8 {
                if index == bestStart {
                    output[length] = colon
                    length += 1
                    index += bestLength
                    if index == 8 {
                        output[length] = colon
                        length += 1
                    }
                    continue
                }
                if index != 0 {
                    output[length] = colon
                    length += 1
                }
                if index == 6 && bestStart == 0 && (bestLength == 6 || (bestLength == 5 && group[5] == 0xFFFF)) {
                    let address = UInt32(group[6]) << 16 | UInt32(group[7])
                    length += writeIPv4(address, into: output, at: length)
                    break
                }
                let value = group[index]
                var shift: UInt16 = value >= 0x1000 ? 12 : value >= 0x100 ? 8 : value >= 0x10 ? 4 : 0
                while true {
                    output[length] = hexDigit(UInt8(truncatingIfNeeded: (value >> shift) & 0xF))
                    length += 1
                    if shift == 0 { break }
                    shift -= 4
                }
                index += 1
            }
            return length
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }

    @inline(__always)
    private static func appendBigEndian(_ value: UInt32, to output: inout [UInt8]) {
        output.append(UInt8(truncatingIfNeeded: value >> 24))
        output.append(UInt8(truncatingIfNeeded: value >> 16))
        output.append(UInt8(truncatingIfNeeded: value >> 8))
        output.append(UInt8(truncatingIfNeeded: value))
    }

    /// The value of a dotted quad, or nil. With `allowLeadingZeros` false an octet may not
    /// start with `0` unless it is just `0` (the `inet_pton` rule).
    private static func ipv4Value(_ text: some Collection<UInt8>, allowLeadingZeros: Bool) -> UInt32? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for byte in text {
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                if digits == 3 || (!allowLeadingZeros && digits > 0 && octet == 0) { return nil }
                octet = octet * 10 + UInt32(digit)
                guard octet <= 255 else { return nil }
                digits += 1
            } else if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else {
                return nil
            }
        }
        guard digits > 0, dots == 3 else { return nil }
        return value << 8 | octet
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        let digit = byte &- UInt8(ascii: "0")
        if digit < 10 { return digit }
        let letter = (byte | 0x20) &- UInt8(ascii: "a")
        if letter < 6 { return letter + 10 }
        return nil
    }

    /// The `inet_pton(AF_INET6, …)` algorithm on a contiguous buffer.
    private static func parseIPv6(buffer text: UnsafeBufferPointer<UInt8>, appendingTo output: inout [UInt8]) -> Bool {
        let count = text.count
        guard count >= 2 else { return false }
        var words: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &words) { raw -> Bool in
            let word = raw.bindMemory(to: UInt16.self)
            var position = 0
            // A leading ':' must be the start of '::'.
            if text[0] == UInt8(ascii: ":") {
                guard text[1] == UInt8(ascii: ":") else { return false }
                position = 1
            }
            var wordCount = 0
            var gapAt = -1
            var groupStart = position
            var value: UInt16 = 0
            var digits = 0
            while position < count {
                let byte = text[position]
                position += 1
                if let nibble = hexValue(byte) {
                    guard digits < 4 else { return false }
                    value = value << 4 | UInt16(nibble)
                    digits += 1
                    continue
                }
                if byte == UInt8(ascii: ":") {
                    groupStart = position
                    if digits == 0 {
                        guard gapAt < 0 else { return false }
                        gapAt = wordCount
                        continue
                    }
                    // A single trailing ':' is not allowed.
                    guard position < count, wordCount < 8 else { return false }
                    word[wordCount] = value
                    wordCount += 1
                    value = 0
                    digits = 0
                    continue
                }
                if byte == UInt8(ascii: ".") && wordCount <= 6 {
                    let quad = UnsafeBufferPointer(rebasing: text[groupStart..<count])
                    guard let address = ipv4Value(quad, allowLeadingZeros: false) else { return false }
                    word[wordCount] = UInt16(truncatingIfNeeded: address >> 16)
                    word[wordCount + 1] = UInt16(truncatingIfNeeded: address)
                    wordCount += 2
                    digits = 0
                    break
                }
                return false
            }
            if digits > 0 {
                guard wordCount < 8 else { return false }
                word[wordCount] = value
                wordCount += 1
            }
            if gapAt >= 0 {
                // '::' must stand for at least one zero group.
                guard wordCount < 8 else { return false }
                let moved = wordCount - gapAt
                let shift = 8 - wordCount
                var index = moved - 1
                while index >= 0 {
                    word[gapAt + shift + index] = word[gapAt + index]
                    word[gapAt + index] = 0
                    index -= 1
                }
                wordCount = 8
            }
            return wordCount == 8
        }
        guard ok else { return false }
        withUnsafeBytes(of: &words) { raw in
            for word in raw.bindMemory(to: UInt16.self) {
                output.append(UInt8(truncatingIfNeeded: word >> 8))
                output.append(UInt8(truncatingIfNeeded: word))
            }
        }
        return true
    }
}
