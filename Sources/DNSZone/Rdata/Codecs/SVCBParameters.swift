/// Errors from the rdata codecs: a plain-words reason that the parser prefixes with FILE:LINE.
struct RdataCodecError: Error, Equatable, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// SvcParams of SVCB/HTTPS records (RFC 9460) between their presentation and wire forms.
///
/// Known keys: `mandatory` (0), `alpn` (1), `no-default-alpn` (2), `port` (3), `ipv4hint` (4),
/// `ech` (5), `ipv6hint` (6), `dohpath` (7, RFC 9461) and `ohttp` (8, RFC 9540, no value); any
/// key may also be written `keyNNNNN` (0...65535, no leading zeros).
///
/// Where RFC 9460 leaves room, the rules are BIND 9.18's (`named-compilezone`), the reference
/// this project is checked against:
/// - A `keyNNNNN` form, or a registered name in other than lower case (`ALPN`), takes its value
///   as a plain character-string, and the wire value must then be valid for that key:
///   `key3=\000\053` is `port=53`, `key1=h2` is an error.
/// - The values of `mandatory`, `port`, `ipv4hint`, `ipv6hint` and `ech` are read as written,
///   so they may not contain backslash escapes; `ech` may contain blanks (inside quotes), which
///   are skipped, and may be empty. Hints follow `inet_pton` (no leading zeros in IPv4).
/// - In `alpn`, after character-string decoding, a backslash makes the next byte literal
///   (RFC 9460 Appendix A.1 names only `\,` and `\\`; BIND accepts any byte, as here).
/// - Names in the `mandatory` list are case-insensitive (`mandatory=ALPN`).
/// - `no-default-alpn` requires `alpn` in the same record (RFC 9460 §7.1.1); `dohpath` must be
///   a URI template with a `dns` variable, checked as BIND checks it (see `dohpathProblem`);
///   `key65535` is accepted like any other unregistered key.
/// - `ohttp`, which BIND 9.18 does not know, is supported by name; `key8` must then be empty.
enum SVCBParameters {
    /// Converts the SvcParams of a record from presentation to wire form.
    ///
    /// `tokens` are the record's remaining whitespace-separated fields after SvcPriority and
    /// TargetName, each as raw bytes exactly as written, backslash escapes still in place, with
    /// the lexer's quotes around a value already removed (`alpn="h2,h3"` arrives as
    /// `alpn=h2,h3`). A token is `key=value`, `key=` or a bare `key` (same as an empty value).
    /// If a value still arrives wrapped in `"…"`, the quotes are dropped here.
    ///
    /// Character-string values (`alpn`, `dohpath`, `keyNNNNN`) are decoded with `\DDD` (three
    /// digits, at most 255) and `\X`; `alpn` is then split at commas, a backslash making the
    /// next byte literal, so a comma inside an ALPN id is `\\,` in the zone file (or `\092,`).
    ///
    /// Returns the params sorted by ascending key, each as key (2 bytes), length (2 bytes),
    /// value. Throws a reason naming the key for unknown or duplicate keys, missing or
    /// forbidden values, malformed values and an inconsistent `mandatory` list.
    static func parse(_ tokens: [[UInt8]]) throws(RdataCodecError) -> [UInt8] {
        var params: [(key: UInt16, value: [UInt8])] = []
        params.reserveCapacity(tokens.count)
        for token in tokens {
            params.append(try parseParameter(token[...]))
        }
        params.sort { $0.key < $1.key }
        var totalLength = 0
        for index in params.indices {
            if index > 0 && params[index].key == params[index - 1].key {
                throw RdataCodecError(reason: "SvcParamKey \(keyName(params[index].key)) appears more than once")
            }
            totalLength += 4 + params[index].value.count
        }
        let mandatory = params.first { $0.key == Key.mandatory }?.value[...]
        if let reason = consistencyProblem(keys: params.lazy.map(\.key), mandatory: mandatory) {
            throw RdataCodecError(reason: reason)
        }
        var wire: [UInt8] = []
        wire.reserveCapacity(totalLength)
        for param in params {
            appendUInt16(param.key, to: &wire)
            appendUInt16(UInt16(param.value.count), to: &wire)
            wire.append(contentsOf: param.value)
        }
        return wire
    }

    /// Presentation form of wire-format SvcParams: `key=value` items separated by single
    /// spaces, in wire order; the empty string for no params.
    ///
    /// Output is BIND 9.18's: keys 0–6 by name, all others (`dohpath` and `ohttp` included) as
    /// `keyNNNNN`; `mandatory`, `port`, the address hints and `ech` unquoted (their characters
    /// are always safe); `alpn` and `keyNNNNN` values always in double quotes, with `"` and `\`
    /// backslash-escaped and bytes outside printable ASCII as `\DDD`; inside an `alpn` id a comma
    /// is written `\\,`, a backslash `\\\\` and a space `\032`; an empty value is written as
    /// the bare key.
    /// Reading the result back with `parse` (after splitting at blanks outside quotes and
    /// removing the quotes) gives the same wire bytes.
    ///
    /// Returns nil when the wire form is malformed; see `validate(_:)`.
    static func format(_ wire: some Collection<UInt8>) -> String? {
        if let result = wire.withContiguousStorageIfAvailable({ format(buffer: $0) }) {
            return result
        }
        return Array(wire).withUnsafeBufferPointer { format(buffer: $0) }
    }

    /// Checks wire-format SvcParams (e.g. from RFC 3597 `\#` input of SVCB/HTTPS): every param
    /// complete, keys strictly ascending, each known key's value well-formed (`mandatory` a
    /// non-empty ascending list without key 0 of keys present in the record, `alpn` non-empty
    /// ids, `port` 2 bytes, hints whole non-empty address lists, `no-default-alpn` and `ohttp`
    /// empty, `dohpath` as for `parse`), and `no-default-alpn` only together with `alpn`.
    static func validate(_ wire: some Collection<UInt8>) -> Bool {
        if let result = wire.withContiguousStorageIfAvailable({ parseWire($0) != nil }) {
            return result
        }
        return Array(wire).withUnsafeBufferPointer { parseWire($0) != nil }
    }

    // MARK: - Keys

    private enum Key {
        static let mandatory: UInt16 = 0
        static let alpn: UInt16 = 1
        static let noDefaultALPN: UInt16 = 2
        static let port: UInt16 = 3
        static let ipv4hint: UInt16 = 4
        static let ech: UInt16 = 5
        static let ipv6hint: UInt16 = 6
        static let dohpath: UInt16 = 7
        static let ohttp: UInt16 = 8
    }

    /// Registered key names, indexed by key number.
    private static let knownNames: [String] = [
        "mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint", "dohpath", "ohttp",
    ]
    private static let knownNameBytes: [[UInt8]] = knownNames.map { Array($0.utf8) }

    /// Keys printed by name; later registrations print as `keyNNNNN`, as in BIND 9.18.
    private static let printedNameCount = 7

    /// The name of a key in messages: its registered name or `keyNNNNN`.
    static func keyName(_ key: UInt16) -> String {
        Int(key) < knownNames.count ? knownNames[Int(key)] : "key\(key)"
    }

    /// The name of a key in presentation output (see `format(_:)`).
    private static func printedName(_ key: UInt16) -> String {
        Int(key) < printedNameCount ? knownNames[Int(key)] : "key\(key)"
    }

    /// Reads a key name. A registered name in lower case gives `generic == false`; the same name
    /// in any other case, or `key` and a decimal number 0...65535 without leading zeros, gives
    /// `generic == true` (the value is then a plain character-string).
    private static func parseKeyName(
        _ text: ArraySlice<UInt8>
    ) throws(RdataCodecError) -> (key: UInt16, generic: Bool) {
        for (index, name) in knownNameBytes.enumerated() where text.count == name.count {
            if text.elementsEqual(name) { return (UInt16(index), false) }
            if text.elementsEqual(name, by: { asciiLowercased($0) == $1 }) {
                return (UInt16(index), true)
            }
        }
        let shown = quoted(text)
        guard text.starts(with: [0x6B, 0x65, 0x79]) else {  // "key"
            throw RdataCodecError(reason: text.isEmpty ? "empty SvcParamKey" : "unknown SvcParamKey \(shown)")
        }
        let digits = text.dropFirst(3)
        guard !digits.isEmpty, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
            throw RdataCodecError(reason: "unknown SvcParamKey \(shown)")
        }
        guard digits.count == 1 || digits.first != UInt8(ascii: "0") else {
            throw RdataCodecError(reason: "SvcParamKey \(shown) has a leading zero")
        }
        var number = 0
        for digit in digits {
            number = number * 10 + Int(digit &- UInt8(ascii: "0"))
            if number > 65535 {
                throw RdataCodecError(reason: "SvcParamKey \(shown) is out of range (keys go up to key65535)")
            }
        }
        return (UInt16(number), true)
    }

    @inline(__always)
    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    // MARK: - Presentation to wire

    private static func parseParameter(
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
    private static func encodeKnownValue(
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
    private static func unescapeCharacterString(_ raw: ArraySlice<UInt8>) -> [UInt8]? {
        guard raw.contains(UInt8(ascii: "\\")) else { return Array(raw) }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                continue
            }
            guard index < raw.endIndex else { return nil }
            let next = raw[index]
            if next &- UInt8(ascii: "0") < 10 {
                guard index + 3 <= raw.endIndex else { return nil }
                var value = 0
                for offset in 0..<3 {
                    let digit = raw[index + offset] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int(digit)
                }
                guard value <= 255 else { return nil }
                output.append(UInt8(value))
                index += 3
            } else {
                output.append(next)
                index += 1
            }
        }
        return output
    }

    /// Splits a decoded `alpn` value at commas; a backslash makes the next byte part of the id
    /// (RFC 9460 Appendix A.1 as BIND implements it). Empty ids are returned for the caller to
    /// reject; nil when the value ends in a lone backslash.
    private static func splitALPNList(_ text: [UInt8]) -> [[UInt8]]? {
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
    private static func isWrappedInQuotes(_ raw: ArraySlice<UInt8>) -> Bool {
        guard raw.count >= 2, raw.first == UInt8(ascii: "\""), raw.last == UInt8(ascii: "\"") else { return false }
        var backslashes = 0
        var index = raw.endIndex - 2
        while index > raw.startIndex && raw[index] == UInt8(ascii: "\\") {
            backslashes += 1
            index -= 1
        }
        return backslashes % 2 == 0
    }

    // MARK: - Validation shared by both directions

    /// Why `value` is not a valid wire value for `key`, or nil when it is (or the key is not
    /// one with rules). `mandatory` is checked here for shape only; presence of its keys is
    /// checked by `consistencyProblem`.
    private static func valueProblem(key: UInt16, value: ArraySlice<UInt8>) -> String? {
        let count = value.count
        switch key {
        case Key.mandatory:
            guard count >= 2, count % 2 == 0 else { return "mandatory needs a whole, non-empty list of keys" }
            var previous = -1
            var index = value.startIndex
            while index < value.endIndex {
                let listed = Int(value[index]) << 8 | Int(value[index + 1])
                if listed == Int(Key.mandatory) { return "must not list mandatory itself" }
                guard listed > previous else { return "mandatory keys must be sorted and unique" }
                previous = listed
                index += 2
            }
            return nil
        case Key.alpn:
            guard count > 0 else { return "alpn needs at least one ALPN id" }
            var index = value.startIndex
            while index < value.endIndex {
                let length = Int(value[index])
                guard length > 0 else { return "empty ALPN id" }
                guard index + 1 + length <= value.endIndex else { return "truncated ALPN id" }
                index += 1 + length
            }
            return nil
        case Key.noDefaultALPN, Key.ohttp:
            return count == 0 ? nil : "must not have a value"
        case Key.port:
            return count == 2 ? nil : "port must be 2 bytes"
        case Key.ipv4hint:
            return count > 0 && count % 4 == 0 ? nil : "ipv4hint must be a non-empty list of 4-byte addresses"
        case Key.ipv6hint:
            return count > 0 && count % 16 == 0 ? nil : "ipv6hint must be a non-empty list of 16-byte addresses"
        case Key.dohpath:
            return dohpathProblem(value)
        default:
            return nil
        }
    }

    /// Record-level rules: every key listed in `mandatory` is present, and `no-default-alpn`
    /// comes with `alpn`. `keys` are the record's keys in any order.
    private static func consistencyProblem(keys: some Collection<UInt16>, mandatory: ArraySlice<UInt8>?) -> String? {
        var hasALPN = false
        var hasNoDefaultALPN = false
        for key in keys {
            if key == Key.alpn { hasALPN = true }
            if key == Key.noDefaultALPN { hasNoDefaultALPN = true }
        }
        if hasNoDefaultALPN && !hasALPN {
            return "SvcParam no-default-alpn requires alpn in the same record"
        }
        if let mandatory {
            var index = mandatory.startIndex
            while index + 1 < mandatory.endIndex {
                let listed = UInt16(mandatory[index]) << 8 | UInt16(mandatory[index + 1])
                if !keys.contains(listed) {
                    return "SvcParam mandatory lists \(keyName(listed)), which is not in the record"
                }
                index += 2
            }
        }
        return nil
    }

    /// UTF-8 check as BIND's `isc_utf8_valid`: no overlong forms and nothing above U+10FFFF
    /// (encoded surrogates are let through).
    private static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard index + length <= bytes.endIndex else { return false }
            let second = bytes[index + 1]
            guard second >= lower && second <= upper else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return false
            }
            index += length
        }
        return true
    }

    private enum TemplateState {
        case literal, expressionStart, nameStart, name, explode, prefixStart, prefixDigits
    }

    /// Why a `dohpath` value is not acceptable, or nil. RFC 9461 asks for a relative URI
    /// Template (RFC 6570) with a `dns` variable; this is BIND 9.18's reading of that: it starts
    /// with `/`, is UTF-8, `%` is always followed by two hex digits, and every `{` opens an
    /// expression `{` [operator `+#./;?&`] varspec *(`,` varspec) `}` where a varspec is a name
    /// of letters, digits, `_` and `%XX`, optionally followed by `*` or `:` and 1–4 digits not
    /// starting with 0. One variable must be named exactly `dns`. Like BIND, a name that
    /// directly follows a `:N` prefix and its comma does not count as `dns` and may be empty.
    private static func dohpathProblem(_ value: ArraySlice<UInt8>) -> String? {
        guard value.first == UInt8(ascii: "/") else { return "dohpath must start with \"/\"" }
        guard isValidUTF8(value) else { return "dohpath must be UTF-8" }
        let bad = "dohpath is not a valid URI template"
        var state = TemplateState.literal
        var nameStart = value.startIndex
        var nameCounts = false
        var prefixDigits = 0
        var hasDNSVariable = false
        var index = value.startIndex
        while index < value.endIndex {
            let byte = value[index]
            switch state {
            case .literal:
                if byte == UInt8(ascii: "%") {
                    guard isPercentEncoded(value, at: index) else { return bad }
                    index += 3
                    continue
                }
                if byte == UInt8(ascii: "{") { state = .expressionStart }
                index += 1
            case .expressionStart:
                switch byte {
                case UInt8(ascii: "+"), UInt8(ascii: "#"), UInt8(ascii: "."), UInt8(ascii: "/"),
                    UInt8(ascii: ";"), UInt8(ascii: "?"), UInt8(ascii: "&"):
                    index += 1
                default:
                    break
                }
                state = .nameStart
            case .nameStart:
                guard isVariableCharacter(byte) || byte == UInt8(ascii: "%") else { return bad }
                nameStart = index
                nameCounts = true
                state = .name
            case .name:
                if isVariableCharacter(byte) {
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "%") {
                    guard isPercentEncoded(value, at: index) else { return bad }
                    index += 3
                    continue
                }
                if nameCounts && value[nameStart..<index].elementsEqual(dnsVariableName) {
                    hasDNSVariable = true
                }
                switch byte {
                case UInt8(ascii: ","): state = .nameStart
                case UInt8(ascii: "}"): state = .literal
                case UInt8(ascii: "*"): state = .explode
                case UInt8(ascii: ":"): state = .prefixStart
                default: return bad
                }
                index += 1
            case .explode:
                switch byte {
                case UInt8(ascii: ","): state = .nameStart
                case UInt8(ascii: "}"): state = .literal
                default: return bad
                }
                index += 1
            case .prefixStart:
                guard byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9") else { return bad }
                prefixDigits = 1
                state = .prefixDigits
                index += 1
            case .prefixDigits:
                if byte &- UInt8(ascii: "0") < 10 {
                    guard prefixDigits < 4 else { return bad }
                    prefixDigits += 1
                } else if byte == UInt8(ascii: ",") {
                    // BIND carries on as if still inside the previous name.
                    state = .name
                    nameCounts = false
                } else if byte == UInt8(ascii: "}") {
                    state = .literal
                } else {
                    return bad
                }
                index += 1
            }
        }
        guard state == .literal else { return bad }
        return hasDNSVariable ? nil : "dohpath must contain a \"dns\" variable, as in {?dns}"
    }

    private static let dnsVariableName: [UInt8] = Array("dns".utf8)

    @inline(__always)
    private static func isVariableCharacter(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "_")
    }

    @inline(__always)
    private static func isPercentEncoded(_ bytes: ArraySlice<UInt8>, at index: Int) -> Bool {
        guard index + 2 < bytes.endIndex else { return false }
        return isHexDigit(bytes[index + 1]) && isHexDigit(bytes[index + 2])
    }

    @inline(__always)
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 6
    }

    // MARK: - Wire to presentation

    /// Splits and checks wire params; nil when malformed. Each entry is the key and the range
    /// of its value in `wire`.
    private static func parseWire(_ wire: UnsafeBufferPointer<UInt8>) -> [(key: UInt16, value: Range<Int>)]? {
        var params: [(key: UInt16, value: Range<Int>)] = []
        var index = 0
        var previous = -1
        while index < wire.count {
            guard index + 4 <= wire.count else { return nil }
            let key = UInt16(wire[index]) << 8 | UInt16(wire[index + 1])
            let length = Int(wire[index + 2]) << 8 | Int(wire[index + 3])
            index += 4
            guard Int(key) > previous, index + length <= wire.count else { return nil }
            previous = Int(key)
            let range = index..<(index + length)
            let value = ArraySlice(UnsafeBufferPointer(rebasing: wire[range]))
            guard valueProblem(key: key, value: value) == nil else { return nil }
            params.append((key, range))
            index += length
        }
        let mandatory = params.first { $0.key == Key.mandatory }
            .map { ArraySlice(UnsafeBufferPointer(rebasing: wire[$0.value])) }
        guard consistencyProblem(keys: params.lazy.map(\.key), mandatory: mandatory) == nil else { return nil }
        return params
    }

    private static func format(buffer wire: UnsafeBufferPointer<UInt8>) -> String? {
        guard let params = parseWire(wire) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(wire.count * 2)
        for (position, param) in params.enumerated() {
            if position > 0 { output.append(UInt8(ascii: " ")) }
            output.append(contentsOf: printedName(param.key).utf8)
            let value = UnsafeBufferPointer(rebasing: wire[param.value])
            if value.isEmpty { continue }
            output.append(UInt8(ascii: "="))
            switch param.key {
            case Key.mandatory:
                var index = 0
                while index < value.count {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    output.append(contentsOf: printedName(UInt16(value[index]) << 8 | UInt16(value[index + 1])).utf8)
                    index += 2
                }
            case Key.alpn:
                output.append(UInt8(ascii: "\""))
                var index = 0
                while index < value.count {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    let length = Int(value[index])
                    for byte in value[(index + 1)..<(index + 1 + length)] {
                        switch byte {
                        case UInt8(ascii: ","):
                            output.append(contentsOf: [0x5C, 0x5C, 0x2C])  // \\,
                        case UInt8(ascii: "\\"):
                            output.append(contentsOf: [0x5C, 0x5C, 0x5C, 0x5C])  // \\\\  (two-level escape)
                        case UInt8(ascii: " "):
                            output.append(contentsOf: [0x5C, 0x30, 0x33, 0x32])  // \032, as BIND prints it
                        default:
                            appendQuotedByte(byte, to: &output)
                        }
                    }
                    index += 1 + length
                }
                output.append(UInt8(ascii: "\""))
            case Key.port:
                appendDecimal(Int(value[0]) << 8 | Int(value[1]), to: &output)
            case Key.ipv4hint, Key.ipv6hint:
                let size = param.key == Key.ipv4hint ? 4 : 16
                var index = 0
                while index < value.count {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    let address = UnsafeBufferPointer(rebasing: value[index..<(index + size)])
                    _ = size == 4
                        ? IPAddressText.appendIPv4(address, to: &output)
                        : IPAddressText.appendIPv6(address, to: &output)
                    index += size
                }
            case Key.ech:
                output.append(contentsOf: Base64.encode(value).utf8)
            default:
                output.append(UInt8(ascii: "\""))
                for byte in value { appendQuotedByte(byte, to: &output) }
                output.append(UInt8(ascii: "\""))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends one byte of a quoted character-string: `"` and `\` escaped with a backslash,
    /// bytes outside printable ASCII as `\DDD`, everything else (space included) literally.
    @inline(__always)
    private static func appendQuotedByte(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            output.append(UInt8(ascii: "\\"))
            output.append(byte)
        case 0x20...0x7E:
            output.append(byte)
        default:
            output.append(UInt8(ascii: "\\"))
            output.append(UInt8(ascii: "0") + byte / 100)
            output.append(UInt8(ascii: "0") + byte / 10 % 10)
            output.append(UInt8(ascii: "0") + byte % 10)
        }
    }

    private static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        output.append(contentsOf: String(value).utf8)
    }

    @inline(__always)
    private static func appendUInt16(_ value: UInt16, to output: inout [UInt8]) {
        output.append(UInt8(truncatingIfNeeded: value >> 8))
        output.append(UInt8(truncatingIfNeeded: value))
    }

    /// A byte string shown in an error message, in double quotes.
    private static func quoted(_ bytes: ArraySlice<UInt8>) -> String {
        var output: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes.prefix(64) { appendQuotedByte(byte, to: &output) }
        if bytes.count > 64 { output.append(contentsOf: "...".utf8) }
        output.append(UInt8(ascii: "\""))
        return String(decoding: output, as: UTF8.self)
    }
}
