/// SvcParams: presentation text to wire form.
extension SVCBParameters {
    static func parseParameter(
        _ token: ArraySlice<UInt8>
    ) throws(RdataCodecError) -> (key: UInt16, value: [UInt8]) {
        let equals = token.firstIndex(of: UInt8(ascii: "="))
        let keyText = token[..<(equals ?? token.endIndex)]
        let (key, generic) = try parseKeyName(keyText)
        var raw: ArraySlice<UInt8>?
        if let equals {
            raw = token[(equals + 1)...]
            if let value = raw, isWrappedInQuotes(value) { raw = value.dropFirst().dropLast() }
        }
        let name = generic ? String(decoding: keyText, as: UTF8.self) : keyName(key)
        let value: [UInt8]
        if generic {
            guard let decoded = unescapeCharacterString(raw ?? []) else {
                throw RdataCodecError(reason: "SvcParam \(name) has a bad escape sequence")
            }
            if let problem = valueProblem(key: key, value: decoded[...]) {
                throw RdataCodecError(reason: "SvcParam \(name): \(problem)")
            }
            value = decoded
        } else {
            value = try encodeKnownValue(key: key, name: name, raw: raw ?? [])
        }
        guard value.count <= 65535 else {
            throw RdataCodecError(reason: "SvcParam \(name) value is longer than 65535 bytes")
        }
        return (key, value)
    }

    /// Wire value of a registered key written by its lower-case name; `raw` is the value as
    /// written (escapes in place, empty if the key had no `=`).
    static func encodeKnownValue(
        key: UInt16, name: String, raw: ArraySlice<UInt8>
    ) throws(RdataCodecError) -> [UInt8] {
        func fail(_ problem: String) -> RdataCodecError {
            RdataCodecError(reason: "SvcParam \(name): \(problem)")
        }
        switch key {
        case Key.noDefaultALPN, Key.ohttp:
            guard raw.isEmpty else { throw fail("must not have a value") }
            return []
        case Key.ech:
            guard !raw.contains(UInt8(ascii: "\\")) else { throw fail("escape sequences are not allowed") }
            let text = raw.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            guard let value = Base64.decode(text) else { throw fail("bad base64") }
            return value
        default:
            break
        }
        guard !raw.isEmpty else {
            throw RdataCodecError(reason: "SvcParam \(name) requires a value")
        }
        switch key {
        case Key.alpn:
            guard let text = unescapeCharacterString(raw) else { throw fail("bad escape sequence") }
            guard let ids = splitALPNList(text) else { throw fail("a backslash at the end of the list") }
            var value: [UInt8] = []
            value.reserveCapacity(text.count + 1)
            for id in ids {
                guard !id.isEmpty else { throw fail("empty ALPN id") }
                guard id.count <= 255 else { throw fail("ALPN id longer than 255 bytes") }
                value.append(UInt8(id.count))
                value.append(contentsOf: id)
            }
            return value
        case Key.dohpath:
            guard let value = unescapeCharacterString(raw) else { throw fail("bad escape sequence") }
            if let problem = valueProblem(key: key, value: value[...]) { throw fail(problem) }
            return value
        default:
            break
        }
        // mandatory, port and the hints are read as written, like BIND does.
        guard !raw.contains(UInt8(ascii: "\\")) else { throw fail("escape sequences are not allowed") }
        let items = raw.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        switch key {
        case Key.mandatory:
            var keys: [UInt16] = []
            keys.reserveCapacity(items.count)
            for item in items {
                guard !item.isEmpty else { throw fail("empty key name in list") }
                let listed: UInt16
                do {
                    listed = try parseKeyName(item).key
                } catch {
                    throw fail(error.reason)
                }
                if listed == Key.mandatory { throw fail("must not list mandatory itself") }
                keys.append(listed)
            }
            keys.sort()
            var value: [UInt8] = []
            value.reserveCapacity(keys.count * 2)
            for index in keys.indices {
                if index > 0 && keys[index] == keys[index - 1] {
                    throw fail("lists \(keyName(keys[index])) more than once")
                }
                appendUInt16(keys[index], to: &value)
            }
            return value
        case Key.port:
            var port = 0
            for byte in raw {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { throw fail("bad port \(quoted(raw))") }
                port = port * 10 + Int(digit)
                guard port <= 65535 else { throw fail("port \(quoted(raw)) is out of range") }
            }
            return [UInt8(port >> 8), UInt8(port & 0xFF)]
        default:  // ipv4hint, ipv6hint
            let isV4 = key == Key.ipv4hint
            var value: [UInt8] = []
            value.reserveCapacity(items.count * (isV4 ? 4 : 16))
            for item in items {
                guard !item.isEmpty else { throw fail("empty address in list") }
                let ok = isV4
                    ? IPAddressText.parseIPv4(item, allowingLeadingZeros: false, appendingTo: &value)
                    : IPAddressText.parseIPv6(item, appendingTo: &value)
                guard ok else {
                    throw fail("bad \(isV4 ? "IPv4" : "IPv6") address \(quoted(item))")
                }
            }
            return value
        }
    }

    /// Decodes a character-string value: `\DDD` (three decimal digits, <= 255) and `\X`.
    static func unescapeCharacterString(_ raw: ArraySlice<UInt8>) -> [UInt8]? {
        guard raw.contains(UInt8(ascii: "\\")) else { return Array(raw) }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        let valid = raw.withUnsafeBufferPointer { TextEscapes.unescape($0, into: &output) }
        return valid ? output : nil
    }

    /// Splits a decoded `alpn` value at commas; a backslash makes the next byte part of the id
    /// (RFC 9460 Appendix A.1 as BIND implements it). Empty ids are returned for the caller to
    /// reject; nil when the value ends in a lone backslash.
    static func splitALPNList(_ text: [UInt8]) -> [[UInt8]]? {
        var items: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < text.count {
            let byte = text[index]
            index += 1
            switch byte {
            case UInt8(ascii: ","):
                items.append(current)
                current.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\\"):
                guard index < text.count else { return nil }
                current.append(text[index])
                index += 1
            default:
                current.append(byte)
            }
        }
        items.append(current)
        return items
    }

    /// True when `raw` is `"…"` with an unescaped closing quote.
    static func isWrappedInQuotes(_ raw: ArraySlice<UInt8>) -> Bool {
        guard raw.count >= 2, raw.first == UInt8(ascii: "\""), raw.last == UInt8(ascii: "\"") else { return false }
        var backslashes = 0
        var index = raw.endIndex - 2
        while index > raw.startIndex && raw[index] == UInt8(ascii: "\\") {
            backslashes += 1
            index -= 1
        }
        return backslashes % 2 == 0
    }
}
